// core/states: provision states and verbs as data. Imports nothing outside this folder.
export * from './provision-states.js';
export * from './provision-verbs.js';
export * from './provision-args.js';

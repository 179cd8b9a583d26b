// The state table moved to core/states/ (dependency-free, so client/, cli/ and driver/ can use it).
// Kept so that conductor code reads its table from next door; new code imports core/states/.
export * from '../states/provision-states.js';
export { VERBS, type Verb } from '../states/provision-verbs.js';

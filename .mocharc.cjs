// Mocha settings for every `npm run test:*`. A JS file rather than JSON so that CI can forbid
// `.only`: a focused test left in a commit would otherwise silently skip the rest of the suite.
const onCi = Boolean(process.env.CI) && process.env.CI !== 'false';

module.exports = {
  'node-option': ['import=tsx'],
  extension: ['ts'],
  timeout: 30000,
  exit: true,
  require: ['test/setup.ts'],
  forbidOnly: onCi,
};

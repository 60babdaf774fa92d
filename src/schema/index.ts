export * from './common.js';
export * from './identity.js';
export * from './roles.js';
export * from './accounts.js';
export * from './policy.js';

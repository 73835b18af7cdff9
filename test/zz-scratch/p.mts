import { TaskSpec, WorkforcePlan } from '../../src/contracts/index.js';
console.log(JSON.stringify(TaskSpec.parse({ id: 'a', title: 'A', instructions: 'x', policy: { retries: 0, escalateAfter: 1, strategy: 'decompose' } }).policy));

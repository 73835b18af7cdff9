/**
 * gym: measures the agent on scenarios, as a client of the daemon's API (it is handed an RPC
 * call; the CLI's `cowork gym` gives it the person's daemon). See docs/gym.md.
 */
export { htmlReport } from './html-report.js';
export { type LoadedScenario, loadScenarioFile, loadScenarios } from './load-scenarios.js';
export { buildReport, compareWithBaseline, parseBaseline } from './report.js';
export { runScenario } from './run-scenario.js';
export { runSuite, type SuiteOptions } from './run-suite.js';
export { runScriptedSuite, type ScriptedModels, startScriptedModels } from './scripted-models.js';
export { loadSweTask, sweScenario, verifierScript } from './swe-task.js';

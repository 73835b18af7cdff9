/**
 * enclave: the single door for side effects — the door's pipeline, its authority (policy, grants,
 * session rules), planners and brokers (files, sandboxed commands and terminals, network, browser),
 * approvals and the hash-chained audit log.
 */

export type { PolicyRule } from '../contracts/index.js';
export { ApprovalStore } from './approvals.js';
export {
  type AuditInput,
  AuditLog,
  CHECKPOINT_EVERY,
  type ExportSummary,
  GENESIS_HASH,
  type LiveVerifyResult,
  type VerifyOptions,
  type VerifyResult,
  verifyAuditFile,
  writeAuditExport,
} from './audit/audit-log.js';
export {
  clip,
  isSecretEnv,
  redactText,
  redactValue,
  SECRET_PATTERNS,
  type SecretPattern,
} from './audit/redact.js';
export { AuditSigner, type KeyStore, keyIdOf } from './audit/signing.js';
export { GrantStore, type ListedGrant, type RunGrantHold } from './authority/grant-store.js';
export type { SandboxedProcess } from './brokers/process.js';
export type { BrowserPage, ClickTarget } from './browser/browser-page.js';
export { Enclave, type EnclaveOptions } from './enclave.js';
export type { FileSetChange, FileSetWords } from './file-sets/plan-file-set.js';
export type {
  LanguageServerName,
  LanguageServerStart,
  StartedLanguageServer,
} from './language-servers.js';
export {
  failedResult,
  localToolSpec,
  parseToolArgs,
  toolFailure,
  toolResultText,
  toolText,
} from './local-tools.js';
export { AUTO_EDIT_ACTIONS } from './operations/actions.js';
export { OPERATION_NAMES, OPERATIONS, type OperationName, readsOnly } from './operations/table.js';
export type { CallContext, CheckpointSink, EditNote, FileChange, FileImage } from './plan.js';
export type { PtyOptions, PtyProcess } from './planners/pty.js';
export { canonicalJson } from './policy/canonical-json.js';
export { type CompiledPolicy, compilePolicy } from './policy/compile.js';
export { evaluate, type Grant, isWithin } from './policy/evaluate.js';
export { loadPolicyFile, parsePolicyText } from './policy/load.js';
export { hasRule, withRuleAdded, withRuleRemoved } from './policy/rule-edit.js';
export type { FolderChange, FolderWatch } from './watch/folder-watcher.js';

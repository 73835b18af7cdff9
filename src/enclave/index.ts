/**
 * enclave: the single door for side effects — policy, safe paths, the fs broker, approvals and
 * the hash-chained audit log. The exec broker and OS sandbox join it next.
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
export { clip, redactText, redactValue, SECRET_PATTERNS, type SecretPattern } from './audit/redact.js';
export { AuditSigner, type KeyStore, keyIdOf } from './audit/signing.js';
export type { BrowserPage, ClickTarget } from './browser/browser-page.js';
export { Enclave, type EnclaveOptions } from './enclave.js';
export type { PtyOptions, PtyProcess } from './exec/plan-pty.js';
export type { SandboxedProcess } from './exec/process-broker.js';
export { GrantStore } from './grants.js';
export { localToolSpec, parseToolArgs, toolFailure, toolResultText, toolText } from './local-tools.js';
export { OPERATION_NAMES, type OperationName, operationArgs } from './operations.js';
export type { CallContext, CheckpointSink, FileChange, FileImage } from './plan.js';
export { canonicalJson } from './policy/canonical-json.js';
export { type CompiledPolicy, compilePolicy } from './policy/compile.js';
export { evaluate, type Grant } from './policy/evaluate.js';
export { loadPolicyFile, parsePolicyText } from './policy/load.js';
export type { FolderChange, FolderWatch } from './watch/folder-watcher.js';

/**
 * Edits of the person's policy text that keep it theirs: a rule appended to `rules` (with a
 * comment saying why it is there) or one removed by its id, through the YAML document so their
 * comments, order and layout stay as they wrote them. The result goes through the policy setter,
 * which compiles it before anything changes.
 */
import { createRequire } from 'node:module';
import type { PolicyRule } from '../../contracts/index.js';

type YamlModule = typeof import('yaml');
// Loaded when first needed, like the policy parser: most starts never edit the policy.
const yaml = (): YamlModule => createRequire(import.meta.url)('yaml') as YamlModule;

/** `text` (null: no policy file yet) with `rule` last in its rules, `comment` above it. */
export function withRuleAdded(text: string | null, rule: PolicyRule, comment: string): string {
  const { Document, isSeq, parseDocument } = yaml();
  const doc = text === null || text.trim() === '' ? new Document({ version: 1 }) : parseDocument(text);
  if (doc.errors.length > 0) throw doc.errors[0]!;
  let rules = doc.get('rules', true);
  if (!isSeq(rules)) {
    rules = doc.createNode([]);
    doc.set('rules', rules);
  }
  const node = doc.createNode(rule);
  node.commentBefore = ` ${comment.replace(/\n/g, ' ')}`;
  (rules as import('yaml').YAMLSeq).items.push(node);
  return doc.toString();
}

/** `text` without the rule `id` (unchanged when it has none). */
export function withRuleRemoved(text: string, id: string): string {
  const { isMap, isSeq, parseDocument } = yaml();
  const doc = parseDocument(text);
  const rules = doc.get('rules', true);
  if (!isSeq(rules)) return text;
  const at = rules.items.findIndex((r) => isMap(r) && r.get('id') === id);
  if (at < 0) return text;
  rules.items.splice(at, 1);
  return doc.toString();
}

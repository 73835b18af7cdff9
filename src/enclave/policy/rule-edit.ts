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

/** `text` without the rule `id` and the comment right above it (unchanged when it has none). */
export function withRuleRemoved(text: string, id: string): string {
  const found = findRule(text, id);
  if (!found) return text;
  const { doc, rules, at } = found;
  // The parser hangs the comment above the first item on the list itself: it is that rule's.
  if (at === 0) rules.commentBefore = null;
  rules.items.splice(at, 1);
  return doc.toString();
}

/** Whether `text` has a rule `id`. */
export function hasRule(text: string | null, id: string): boolean {
  return text !== null && findRule(text, id) !== undefined;
}

function findRule(text: string, id: string) {
  const { isMap, isSeq, parseDocument } = yaml();
  const doc = parseDocument(text);
  const rules = doc.get('rules', true);
  if (!isSeq(rules)) return undefined;
  const at = rules.items.findIndex((r) => isMap(r) && r.get('id') === id);
  return at < 0 ? undefined : { doc, rules, at };
}

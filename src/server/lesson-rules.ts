/**
 * A hard lesson the person accepted, enforced: when it can be said as a policy rule ("never touch
 * legal/"), the rule goes into their policy through the enclave's policy setter — their acceptance
 * is the consent, the change is audited as a policy change (`policy.set`, by the person) and the
 * rule carries a comment naming the lesson. Removing the lesson takes out the rule it added.
 */
import type { Lesson, PolicyRule } from '../contracts/index.js';
import { type Enclave, hasRule, withRuleAdded, withRuleRemoved } from '../enclave/index.js';
import type { LessonStore } from '../memory/index.js';

export class LessonRules {
  constructor(
    private readonly enclave: Enclave,
    private readonly lessons: LessonStore,
  ) {}

  /** Adds the lesson's rule to the policy; null when the lesson says nothing a rule can. */
  enforce(lesson: Lesson): PolicyRule | null {
    const rule = this.lessons.policyRuleFor(lesson);
    if (!rule) return null;
    const text = this.enclave.policyText();
    if (hasRule(text, rule.id)) return rule; // there already
    const why = `lesson ${lesson.id}: "${lesson.text.slice(0, 200)}" (accepted by you; removing the lesson removes this rule)`;
    this.enclave.setPolicyText(withRuleAdded(text, rule, why), 'user');
    return rule;
  }

  /** Before the lesson goes: the rule it added leaves the policy (a rule the person kept on their own stays when its id differs). */
  withdraw(lesson: Lesson): void {
    const rule = this.lessons.policyRuleFor(lesson);
    const text = this.enclave.policyText();
    if (!rule || text === null) return;
    const without = withRuleRemoved(text, rule.id);
    if (without !== text) this.enclave.setPolicyText(without, 'user');
  }
}

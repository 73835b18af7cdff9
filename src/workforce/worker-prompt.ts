/**
 * What a worker is asked: its task, and only what it needs — the results of its own dependencies
 * (never another task's) and the person's messages applied before it was assigned.
 */
import type { TaskResult, TaskSpec } from '../contracts/index.js';

export interface WorkerBrief {
  spec: TaskSpec;
  /** The request the whole workforce serves. */
  request: string;
  /** Its dependencies' results, in its `dependsOn` order. */
  inputs: { task: string; result: TaskResult | undefined }[];
  messages: readonly string[];
}

export function workerPrompt({ spec, request, inputs, messages }: WorkerBrief): string {
  const parts = [
    `You are one worker of a team working on: ${request}`,
    `Your task (id ${spec.id}): ${spec.title}`,
    `Instructions:\n${spec.instructions}`,
  ];
  if (spec.expectedOutput) parts.push(`Expected output:\n${spec.expectedOutput}`);
  if (inputs.length)
    parts.push(`Results of the tasks yours depends on:\n${inputs.map(inputText).join('\n\n')}`);
  if (messages.length)
    parts.push(`Messages from the person to the team:\n${messages.map((m) => `- ${m}`).join('\n')}`);
  parts.push(
    'Do only your task. Finish by calling complete_task with your result: a summary the tasks after yours can use.',
  );
  return parts.join('\n\n');
}

function inputText({ task, result }: WorkerBrief['inputs'][number]): string {
  if (!result || result.skipped) return `[${task}] skipped by the person: no result.`;
  const files = result.artifacts.length ? `\nFiles: ${result.artifacts.join(', ')}` : '';
  return `[${task}] ${result.summary}${files}`;
}

/** The reviewer's brief: score one result; the score is the first thing in its summary. */
export function reviewPrompt(spec: TaskSpec, result: Pick<TaskResult, 'summary' | 'artifacts'>): string {
  const files = result.artifacts.length ? `\nFiles: ${result.artifacts.join(', ')}` : '';
  return [
    `Review the result of task ${spec.id}: ${spec.title}`,
    `Its instructions:\n${spec.instructions}`,
    ...(spec.expectedOutput ? [`Expected output:\n${spec.expectedOutput}`] : []),
    `The result:\n${result.summary}${files}`,
    'Score it from 0 (useless) to 10 (exactly what was asked). Call complete_task with a summary that starts "score: N" followed by your reasons.',
  ].join('\n\n');
}

/** The score a reviewer gave ("score: N" at the start of its summary), or undefined. */
export function reviewScore(summary: string): number | undefined {
  const m = /^\s*score\s*:\s*(\d+(?:\.\d+)?)/i.exec(summary);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 0 && n <= 10 ? n : undefined;
}

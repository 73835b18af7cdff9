/**
 * The learning evaluation's cases (issue 21), as data: the memory tests play them in-process
 * (src/memory/learning-eval.ts) and the gym's `learning` suite plays them through the daemon's API
 * (src/gym/learning-suite.ts), so both measure the same corrections and the same retrieval topics.
 */
import type { LessonInput } from './memory.js';

/**
 * A correction the person makes in session 1 (the prompt that continues a run) and a task of
 * session 2 it should shape. `follows`/`ignores` are what a scripted agent writes to `file` with
 * and without the lesson; `check` tells them apart.
 */
export interface CorrectionCase {
  id: string;
  first: string;
  correction: string;
  /** The lesson the critic proposes from the correction. */
  lesson: string;
  kind: 'hard' | 'soft';
  task: string;
  file: string;
  follows: string;
  ignores: string;
  check: RegExp;
}

export const CORRECTION_CASES: readonly CorrectionCase[] = [
  {
    id: 'tabs',
    first: 'Indent parser.js',
    correction: 'No, use tabs for indentation.',
    lesson: 'Use tabs for indentation',
    kind: 'soft',
    task: 'Fix the indentation in lexer.js',
    file: 'lexer.js',
    follows: 'function lex() {\n\treturn [];\n}\n',
    ignores: 'function lex() {\n  return [];\n}\n',
    check: /^\treturn/m,
  },
  {
    id: 'legal',
    first: 'Tidy up the repository',
    correction: 'Never touch legal/.',
    lesson: 'Never touch legal/',
    kind: 'hard',
    task: 'Tidy up the docs',
    file: 'docs/index.md',
    follows: '# Docs\n',
    ignores: '# Docs\n<!-- legal/terms.md moved here -->\n',
    check: /^# Docs\n$/,
  },
  {
    id: 'dates',
    first: 'Add a changelog entry',
    correction: 'Always write dates as YYYY-MM-DD.',
    lesson: 'Always write dates as YYYY-MM-DD',
    kind: 'hard',
    task: 'Add the release date to notes.md',
    file: 'notes.md',
    follows: 'Released 2026-12-02\n',
    ignores: 'Released 12/2/2026\n',
    check: /\d{4}-\d\d-\d\d/,
  },
  {
    id: 'semicolons',
    first: 'Write a JavaScript helper',
    correction: "Don't use semicolons in JavaScript.",
    lesson: "Don't use semicolons in JavaScript",
    kind: 'hard',
    task: 'Write a JavaScript function in add.js',
    file: 'add.js',
    follows: 'export const add = (a, b) => a + b\n',
    ignores: 'export const add = (a, b) => a + b;\n',
    check: /b\n$/,
  },
  {
    id: 'quotes',
    first: 'Write the greeting module',
    correction: 'No, use single quotes for strings.',
    lesson: 'Use single quotes for strings',
    kind: 'soft',
    task: 'Write the strings module in strings.js',
    file: 'strings.js',
    follows: "export const hi = 'hi'\n",
    ignores: 'export const hi = "hi"\n',
    check: /'hi'/,
  },
  {
    id: 'tests',
    first: 'Add a parse function',
    correction: 'Always add a test for each new function.',
    lesson: 'Always add a test for each new function',
    kind: 'hard',
    task: 'Add a function that doubles numbers to math.js',
    file: 'math.test.js',
    follows: "test('double', () => {})\n",
    ignores: '',
    check: /test\(/,
  },
  {
    id: 'spelling',
    first: 'Write the style notes',
    correction: 'Use British spelling in documents.',
    lesson: 'Use British spelling in documents',
    kind: 'soft',
    task: 'Write the colour guide document',
    file: 'guide.md',
    follows: 'Pick a colour.\n',
    ignores: 'Pick a color.\n',
    check: /colour/,
  },
  {
    id: 'secrets',
    first: 'Set up the database settings',
    correction: 'Never put secrets in config files.',
    lesson: 'Never put secrets in config files',
    kind: 'hard',
    task: 'Update the config for the server',
    file: 'config.json',
    follows: '{"port":8080,"password":"env:DB_PASSWORD"}\n',
    ignores: '{"port":8080,"password":"hunter2"}\n',
    check: /DB_PASSWORD/,
  },
  {
    id: 'snake',
    first: 'Write a Python loader',
    correction: 'Prefer snake_case for Python variable names.',
    lesson: 'Prefer snake_case for Python variable names',
    kind: 'soft',
    task: 'Write a Python script that sums numbers',
    file: 'sum.py',
    follows: 'total_sum = sum([1, 2])\n',
    ignores: 'totalSum = sum([1, 2])\n',
    check: /total_sum/,
  },
  {
    id: 'commits',
    first: 'Describe the change',
    correction: 'Keep commit messages under 50 characters.',
    lesson: 'Keep commit messages under 50 characters',
    kind: 'soft',
    task: 'Write the commit message for this change',
    file: 'COMMIT_MSG',
    follows: 'Fix the parser\n',
    ignores: 'Fix the parser so that it no longer crashes on empty input files of any kind\n',
    check: /^.{1,50}\n$/,
  },
];

/** A lesson and tasks it is about (and no other topic's is): for precision@1 and noise. */
export interface RetrievalTopic {
  lesson: LessonInput;
  tasks: string[];
}

export const RETRIEVAL_TOPICS: readonly RetrievalTopic[] = [
  t('Use tabs for indentation', [
    'Fix the indentation of lexer.js',
    'Reindent the parser with proper indentation',
  ]),
  t('Write dates as YYYY-MM-DD', [
    'Add the release date to the notes',
    'Fix the dates in the calendar export',
  ]),
  t('Use single quotes for strings', [
    'Rewrite the strings module',
    'Escape the quotes in the greeting strings',
  ]),
  t('Use British spelling in documents', [
    'Write the colour guide document',
    'Proofread the spelling of the report',
  ]),
  t('Keep commit messages under 50 characters', [
    'Write the commit message',
    'Squash the commits with a clear message',
  ]),
  t('Prefer snake_case for Python variable names', [
    'Write a Python script that sums numbers',
    'Port the loader to Python',
  ]),
  t('Never put secrets in config files', [
    'Update the server config',
    'Add the database password to the config',
  ]),
  t('Run the unit tests before finishing', [
    'Fix the failing unit tests',
    'Make sure the tests pass after the refactor',
  ]),
  t('Answer emails in a formal tone', ['Draft a reply to the email from Anna', 'Answer the supplier emails']),
  t('Name invoices by client and month', ['Rename the invoices in downloads', 'File this month’s invoices']),
  t('Export spreadsheets as CSV with a header row', [
    'Export the budget spreadsheet',
    'Turn the sales spreadsheet into CSV',
  ]),
  t('Write SQL keywords in upper case', ['Write the SQL query for monthly revenue', 'Fix the SQL migration']),
  t('Resize images to 1200 pixels wide', ['Prepare the images for the blog', 'Shrink the product images']),
  t('Summaries start with a one-line headline', [
    'Summarise the meeting transcript',
    'Write a summary of the paper',
  ]),
  t('Log errors with the request id', [
    'Add error logging to the API handler',
    'Improve the error logs of the worker',
  ]),
  t('Use metric units in recipes', ['Convert the bread recipe', 'Write a recipe for pancakes']),
  t('Translations keep the original formatting', [
    'Translate the README into French',
    'Check the German translation',
  ]),
  t('Slides have at most five bullets', [
    'Make slides for the quarterly review',
    'Shorten the slides of the pitch deck',
  ]),
  t('Use ISO country codes in addresses', [
    'Clean the customer addresses',
    'Normalise the country names in the addresses',
  ]),
  t('Pin dependency versions in package.json', [
    'Add lodash as a dependency',
    'Upgrade the dependencies in package.json',
  ]),
];

function t(text: string, tasks: string[]): RetrievalTopic {
  return { lesson: { text, kind: 'soft', workspace: null }, tasks };
}

/** Tasks about none of the topics: any lesson injected for them is noise. */
export const UNRELATED_TASKS: readonly string[] = [
  'Book a table for dinner on Friday',
  'What is the weather tomorrow?',
  'Play some relaxing music',
  'Plan a trip to Lisbon',
  'Compare the two phone plans',
  'Find the cheapest flight to Oslo',
  'Remind me to call mum',
  'Count the words in chapter three',
];

export interface RetrievalScore {
  /** Tasks whose first lesson is their topic's. */
  precisionAt1: number;
  /** Of every (task, lesson of another topic) pair, the share not injected. */
  noiseFiltered: number;
  /** Pairs injected that should not have been, to name them when a threshold is missed. */
  noise: { task: string; lesson: string }[];
}

/**
 * Precision@1 and noise of a retrieval: `ids` are the topics' lessons (in RETRIEVAL_TOPICS' order),
 * `relevant` what it brings for a task. Lessons that are not the topics' (the person's own, in a
 * daemon that has some) are neither hits nor noise.
 */
export function scoreRetrieval(
  ids: readonly string[],
  relevant: (task: string) => readonly { id: string; text: string }[],
): RetrievalScore {
  const ours = new Set(ids);
  let hits = 0;
  let asked = 0;
  let unrelatedPairs = 0;
  const noise: RetrievalScore['noise'] = [];
  const judge = (task: string, own: string | undefined) => {
    const got = relevant(task).filter((l) => ours.has(l.id));
    if (own !== undefined) {
      asked++;
      if (got[0]?.id === own) hits++;
    }
    unrelatedPairs += ids.length - (own === undefined ? 0 : 1);
    for (const l of got) if (l.id !== own) noise.push({ task, lesson: l.text });
  };
  RETRIEVAL_TOPICS.forEach((topic, i) => {
    for (const task of topic.tasks) judge(task, ids[i]);
  });
  for (const task of UNRELATED_TASKS) judge(task, undefined);
  return { precisionAt1: hits / asked, noiseFiltered: 1 - noise.length / unrelatedPairs, noise };
}

/** Every task the retrieval evaluation asks about, topics' first. */
export function retrievalTasks(): string[] {
  return [...RETRIEVAL_TOPICS.flatMap((t) => t.tasks), ...UNRELATED_TASKS];
}

/** All of standard input as text (a prompt or a key piped in, never typed on the command line). */
export function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (c: string) => {
      data += c;
    });
    process.stdin.once('end', () => resolve(data));
    process.stdin.once('error', reject);
  });
}

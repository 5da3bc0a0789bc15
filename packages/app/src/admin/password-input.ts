import { readFileSync } from 'node:fs';
import { PASSWORD_MIN_LENGTH } from '@hexabill/core';
import { AccountCommandError } from './accounts.js';

/** Input the password can come from when no variable holds it. */
export interface PasswordPrompt {
  readonly isTTY: boolean;
  /** Reads all of a pipe, or one line typed at a terminal without echoing it. */
  read(question: string): Promise<string>;
}

/**
 * An operator's password: from `<variable>`, else the file named by `<variable>_FILE` (a mounted
 * secret), else standard input (piped, or typed without echo at a terminal). One trailing newline is
 * not part of it. A weak one is refused with a message naming where it came from.
 */
export async function readPassword(variable: string, env: Record<string, string | undefined>, prompt: PasswordPrompt): Promise<string> {
  const [password, source] = await (async (): Promise<[string, string]> => {
    const direct = env[variable];
    if (direct) return [direct, variable];
    const file = env[`${variable}_FILE`];
    if (file) {
      try {
        return [readFileSync(file, 'utf8').replace(/\r?\n$/, ''), `${variable}_FILE`];
      } catch (error) {
        throw new AccountCommandError(`${variable}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    }
    return [(await prompt.read('Password: ')).replace(/\r?\n$/, ''), prompt.isTTY ? 'the password typed' : 'standard input'];
  })();
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new AccountCommandError(`${source}: the password must be at least ${String(PASSWORD_MIN_LENGTH)} characters`);
  }
  return password;
}

/** Standard input as a PasswordPrompt. */
export function stdinPrompt(): PasswordPrompt {
  const stdin = process.stdin;
  return {
    isTTY: stdin.isTTY,
    read: async (question) => {
      if (!stdin.isTTY) {
        const chunks: Buffer[] = [];
        for await (const chunk of stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      }
      process.stderr.write(question);
      stdin.setRawMode(true);
      stdin.resume();
      return new Promise((resolve, reject) => {
        let typed = '';
        const onData = (data: Buffer): void => {
          for (const char of data.toString('utf8')) {
            if (char === '\r' || char === '\n') {
              finish();
              resolve(typed);
              return;
            }
            if (char === '\u0003') {
              finish();
              reject(new AccountCommandError('cancelled'));
              return;
            }
            typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
          }
        };
        const finish = (): void => {
          stdin.off('data', onData);
          stdin.setRawMode(false);
          stdin.pause();
          process.stderr.write('\n');
        };
        stdin.on('data', onData);
      });
    },
  };
}

import { loadServeConfig } from '../config';
import { startApp } from '../app';
import { isLoopback } from '../http/localRequest';

/** A --host the console's key can be offered on: loopback by address or by name. */
const isLoopbackHost = (host: string): boolean => host === 'localhost' || isLoopback(host);

/** Runs until SIGTERM or SIGINT, then closes connections and the database cleanly. */
export async function serve(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const config = loadServeConfig(argv, env);
  // A console link is good for one browser: the next is printed once it is used (src/auth/consoleToken.ts).
  const app = await startApp({ config, onConsoleLink: (link) => process.stdout.write(`Web console: ${link} (the link before was used; this one is for the next browser)\n`) });
  const g = app.generatedKey;
  if (g?.created) {
    process.stdout.write(`No access key was configured, so one was made and stored in ${g.file} (readable only by you).\n`
      + `Use it with the aws CLI, boto3 or the AWS SDKs:\n`
      + `export AWS_ACCESS_KEY_ID=${g.key.accessKeyId}\nexport AWS_SECRET_ACCESS_KEY=${g.key.secretAccessKey}\n`);
  } else if (g) {
    process.stdout.write(`Using the access key stored in ${g.file} (${g.key.accessKeyId}).\n`);
  }
  // Before the line that says the server is ready, which scripts wait for. With the server's own
  // key, the link carries the console token: the page opened from it, on this machine, is
  // offered the key (docs/console.md, "The local server's own key"); only a server reachable
  // over loopback can offer it.
  const offers = g && (config.host === '0.0.0.0' || config.host === '::' || isLoopbackHost(config.host));
  process.stdout.write(offers ? `Web console: ${app.consoleUrl} (opened on this machine, it offers the key above, once)\n`
    : `Web console: ${app.consoleUrl.replace(/#.*$/, '')}\n`);
  process.stdout.write(`cognito-import listening on ${app.url}\n`);
  return new Promise((resolveExit) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      app.close().then(() => resolveExit(0), () => resolveExit(1));
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

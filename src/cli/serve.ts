import { loadServeConfig } from '../config';
import { startApp } from '../app';

/** Runs until SIGTERM or SIGINT, then closes connections and the database cleanly. */
export async function serve(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const config = loadServeConfig(argv, env);
  const app = await startApp({ config });
  const g = app.generatedKey;
  if (g?.created) {
    process.stdout.write(`No access key was configured, so one was made and stored in ${g.file} (readable only by you).\n`
      + `Use it with the aws CLI, boto3 or the AWS SDKs:\n`
      + `export AWS_ACCESS_KEY_ID=${g.key.accessKeyId}\nexport AWS_SECRET_ACCESS_KEY=${g.key.secretAccessKey}\n`);
  } else if (g) {
    process.stdout.write(`Using the access key stored in ${g.file} (${g.key.accessKeyId}).\n`);
  }
  // Before the line that says the server is ready, which scripts wait for. With the server's own
  // key, the link carries this run's console token: the page opened from it, on this machine, is
  // offered the key (docs/console.md, "The local server's own key").
  process.stdout.write(g ? `Web console: ${app.consoleUrl} (opened on this machine, it offers the key above; until the server stops)\n`
    : `Web console: ${app.consoleUrl}\n`);
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

// `cognito-import serve --help`: every setting with its variable and default. A function, so
// it reads config.ts's defaults when called (the two modules import each other).
import { DEFAULTS, DEFAULT_HASHING_CONCURRENCY, DEFAULT_LOCKOUT, DEFAULT_SQLITE_BATCH_SIZE, DEFAULT_WORKER } from './config';
import { DEFAULT_MAIL_FROM } from './messages/eml';

export const serveUsage = (): string => `usage: cognito-import serve [--host HOST] [--port PORT] [--data-dir DIR] [--public-url URL] [--credentials FILE] [--blob-store s3://BUCKET/PREFIX]

  --host         address to listen on (COGNITO_IMPORT_HOST, default ${DEFAULTS.host})
  --port         port, 0 for any free one (COGNITO_IMPORT_PORT, default ${DEFAULTS.port})
  --data-dir     where the database, uploads and keys live (COGNITO_IMPORT_DATA_DIR, default ${DEFAULTS.dataDir})
  --public-url   base URL of pre-signed upload URLs, for a server behind a proxy (COGNITO_IMPORT_PUBLIC_URL)
  --credentials  YAML or JSON file of access keys: keys: [{accessKeyId, secretAccessKey, accountId}]
                 (COGNITO_IMPORT_CREDENTIALS_FILE). Or one key from COGNITO_IMPORT_ACCESS_KEY_ID,
                 COGNITO_IMPORT_SECRET_ACCESS_KEY and COGNITO_IMPORT_ACCOUNT_ID (default 000000000000).
                 With neither, the first start makes a key and stores it in the data dir.
  --job-expiry-seconds  how long a created job may wait for StartUserImportJob (COGNITO_IMPORT_JOB_EXPIRY_SECONDS, default 86400)
  --database-url PostgreSQL instead of the embedded SQLite file: postgres://user:password@host:port/database
                 (COGNITO_IMPORT_DATABASE_URL); several servers may share one
  --worker-concurrency  import jobs run at once (COGNITO_IMPORT_WORKER_CONCURRENCY, default ${DEFAULT_WORKER.concurrency})
  --batch-size   rows per batch, committed with its counters and checkpoint (COGNITO_IMPORT_BATCH_SIZE, default ${DEFAULT_SQLITE_BATCH_SIZE} on SQLite, ${DEFAULT_WORKER.batchSize} on PostgreSQL)
  --lease-seconds  a crashed worker's job is taken over after this long (COGNITO_IMPORT_LEASE_SECONDS, default ${DEFAULT_WORKER.leaseMs / 1000})
  --worker-nice  how much lower the scheduling priority of the thread committing an import's batches
                 is on SQLite, so requests go first when the CPU is short; Linux only, 0 to 19
                 (COGNITO_IMPORT_WORKER_NICE, default ${DEFAULT_WORKER.nice})
  --hashing-concurrency  password hashes computed at once, the others queued in order; fewer than
                 libuv's threads (UV_THREADPOOL_SIZE, default 4) so file I/O is never starved
                 (COGNITO_IMPORT_HASHING_CONCURRENCY, default ${DEFAULT_HASHING_CONCURRENCY})
  --blob-store   where uploaded CSV files live: files (in the data dir, the default) or s3://BUCKET/PREFIX
                 (COGNITO_IMPORT_BLOB_STORE). S3 uses the usual AWS credentials and region settings, and
                 AWS_ENDPOINT_URL_S3 for an S3-compatible store (path-style addressing then).
  --log-level    what is logged on stderr, as JSON lines: error, warn, info (a line per request and per
                 job event), debug or silent (COGNITO_IMPORT_LOG_LEVEL, default info)
  --seed         a YAML file of user pools made at start when the account has none of that id or name
                 yet (COGNITO_IMPORT_SEED_FILE; format in the README)
  --smtp-url     also send emails (not SMS) through this SMTP server: smtp://USER:PASSWORD@HOST:587
                 (STARTTLS when the server offers it) or smtps://USER:PASSWORD@HOST:465 (TLS); every message
                 is written to <data dir>/outbox/ first, SMTP or not (COGNITO_IMPORT_SMTP_URL, default none)
  --mail-from    the From of every message: ADDRESS or "NAME <ADDRESS>" (COGNITO_IMPORT_MAIL_FROM,
                 default ${DEFAULT_MAIL_FROM}, Cognito's own sender)
  --metrics      who may GET /metrics (Prometheus text): local (clients on this machine), all, or off
                 (COGNITO_IMPORT_METRICS, default local)
  --sign-in-max-attempts  wrong passwords in a row before a user's sign-in locks
                 (COGNITO_IMPORT_SIGN_IN_MAX_ATTEMPTS, default ${DEFAULT_LOCKOUT.maxAttempts})
  --sign-in-lockout-seconds  how long it stays locked (COGNITO_IMPORT_SIGN_IN_LOCKOUT_SECONDS, default ${DEFAULT_LOCKOUT.lockMs / 1000})
  --debug-event-loop-delay  answer GET/POST /debug/event-loop-delay (the event loop's delay, for benchmarks)
                 to clients on this machine only (COGNITO_IMPORT_DEBUG_EVENT_LOOP_DELAY=1, default off)`;

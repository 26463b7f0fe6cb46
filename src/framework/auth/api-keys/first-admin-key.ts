import { Inject, Injectable, Logger } from '@nestjs/common';
import { chmod, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AuthConfig } from '../auth.config';
import { AUTH_CLOCK, type Clock } from '../clock';
import { ApiKeyRepository, FIRST_RUN_CREATOR } from './api-key.repository';
import { generateApiKey } from './api-key-secret';

/** The file, under DATA_DIR, that holds the key the first start created. */
export const FIRST_ADMIN_KEY_FILE = 'admin-api-key';

const logger = new Logger('ApiKeys');

/**
 * A newcomer's first credential: on a start with no active API key, no BOOTSTRAP_ADMIN_API_KEY and
 * no JWT key source, one admin key is created and written to DATA_DIR/admin-api-key, readable by
 * the owner only; the log names the file, never the key. The key row decides (once across
 * replicas and restarts): a lost file is never replaced by a new key silently.
 */
@Injectable()
export class FirstAdminKey {
  constructor(
    private readonly config: AuthConfig,
    private readonly keys: ApiKeyRepository,
    @Inject(AUTH_CLOCK) private readonly clock: Clock,
  ) {}

  get path(): string {
    return resolve(this.config.dataDir, FIRST_ADMIN_KEY_FILE);
  }

  /** Why no key is created, or undefined when this start may create one. */
  private skipReason(): string | undefined {
    const c = this.config;
    if (!c.firstAdminKeyFile) return 'FIRST_ADMIN_KEY_FILE=false';
    if (c.bootstrapAdminApiKey !== undefined) return 'BOOTSTRAP_ADMIN_API_KEY is set';
    if (c.jwtSecret || c.jwtPublicKey || c.jwksUrl || c.oidcIssuer) return 'bearer tokens are configured';
    return undefined;
  }

  async ensure(): Promise<void> {
    if (this.skipReason() !== undefined) return;
    const path = this.path;
    const generated = generateApiKey();
    let written = false;
    try {
      const entity = await this.keys.insertFirstAdminKey(
        {
          prefix: generated.prefix,
          keyHash: generated.hash,
          name: 'first admin key (DATA_DIR/admin-api-key)',
          tenantId: null,
          roles: ['admin'],
          expiresAt: null,
          createdBy: FIRST_RUN_CREATOR,
        },
        this.clock.now(),
        async () => {
          await writeOwnerOnly(path, `${generated.key}\n`);
          written = true;
        },
      );
      if (entity) {
        logger.log(
          { event: 'FirstAdminKeyCreated', keyId: entity.id, prefix: entity.prefix, file: path },
          `first admin API key written to ${path} (readable by this user only); send it as the X-API-Key header`,
        );
        return;
      }
    } catch (error) {
      // The transaction did not commit: a file holding a key that does not exist would mislead.
      if (written) await rm(path, { force: true });
      throw error;
    }
    if ((await this.keys.firstAdminKeyExists()) && !(await exists(path))) {
      logger.log(
        { event: 'FirstAdminKeyFileGone', file: path },
        `the first admin API key file ${path} is gone and is not recreated; create a key with ` +
          '`npm run cli -- apikey:create --role admin` (stop the service first on the embedded database)',
      );
    }
  }
}

/** Writes through a temporary file and a rename, so the key file is never seen half written. */
async function writeOwnerOnly(path: string, content: string): Promise<void> {
  const dir = join(path, '..');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, content, { mode: 0o600, flag: 'wx' });
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

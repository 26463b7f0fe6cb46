import { createServer, Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AppConfig } from '../config';
import { LifecycleParticipant, Startable, Stoppable } from '../lifecycle';
import { CertificateKeys } from './certificate-keys';
import { CertificatesConfig } from './certificates.config';
import { KeyRotationService } from './key-rotation.service';
import { RenewalService } from './renewal.service';
import { ServedCertificates } from './served-certificates';

/**
 * Start and stop of certificate management. At start: re-encrypt rows sealed with a previous key,
 * load the stored certificates, and (when HTTPS_PORT is set) open a separate node:https server on
 * HOST:HTTPS_PORT. It picks the certificate by SNI from ServedCertificates (rebuilt on every
 * renewal, so a renewed certificate is served without a restart) and hands each request to the
 * same Fastify application as the HTTP port (`fastify.routing`), so routes, auth and logs are the
 * same on both. A handshake for an unknown or expired name fails.
 */
@Injectable()
@LifecycleParticipant({ name: 'certificates', dependsOn: ['database', 'scheduler'] })
export class HttpsListener implements Startable, Stoppable {
  private readonly logger = new Logger('Certificates');
  private server?: Server;

  constructor(
    private readonly config: CertificatesConfig,
    private readonly appConfig: AppConfig,
    private readonly keys: CertificateKeys,
    private readonly rotation: KeyRotationService,
    private readonly served: ServedCertificates,
    private readonly renewal: RenewalService,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async start(): Promise<void> {
    if (!this.keys.enabled) {
      if (this.config.httpsPort !== undefined) this.logger.warn({ msg: 'HTTPS_PORT ignored: certificate management is disabled (no CERTIFICATE_ENCRYPTION_KEY)' });
      return;
    }
    await this.rotation.rotate();
    await this.served.refresh();
    if (this.config.httpsPort === undefined) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const server = createServer(
      {
        SNICallback: (servername, done) => {
          const context = this.served.contextFor(servername);
          if (context) done(null, context);
          else done(new Error(`no certificate for ${servername}`));
        },
      },
      (request, response) => {
        fastify.ready().then(
          () => fastify.routing(request, response),
          () => response.destroy(),
        );
      },
    );
    server.on('tlsClientError', (error) => this.logger.debug({ msg: 'TLS handshake failed', reason: error.message }));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.httpsPort, this.appConfig.host, () => resolve());
    });
    this.server = server;
    this.logger.log({ msg: 'HTTPS listener started', port: this.port() });
  }

  async stop(): Promise<void> {
    await this.renewal.idle();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  /** The bound port (useful with HTTPS_PORT=0), undefined while not listening. */
  port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }
}

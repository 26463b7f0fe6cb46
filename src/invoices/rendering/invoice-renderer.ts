import { extname, join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../framework/errors';
import { WorkerPool, WorkerTaskTimeoutError, type WorkerTask } from '../../framework/workers';
import type { InvoiceFacts } from './invoice-view';
import type { RenderTaskInput } from './rendering.worker';

/** rendering.worker.js in the build, rendering.worker.ts under ts-jest or tsx. */
const WORKER_FILE = join(__dirname, `rendering.worker${extname(__filename)}`);
const HTML: WorkerTask = { filename: WORKER_FILE, name: 'html' };
const PDF: WorkerTask = { filename: WORKER_FILE, name: 'pdf' };

/** The invoice is too large to draw within the worker deadline; its JSON and its document stay available. */
export class RenderingDeadlineError extends DomainError {
  readonly category = 'rendering-deadline';
  readonly title = 'Rendering did not finish';
}

async function withinDeadline<T>(render: Promise<T>): Promise<T> {
  try {
    return await render;
  } catch (error) {
    if (error instanceof WorkerTaskTimeoutError) {
      throw new RenderingDeadlineError(`The rendering did not finish within ${error.deadlineMs} ms; the JSON view and the original document remain available.`);
    }
    throw error;
  }
}

/** HTML and PDF renderings of an invoice or its validation report, drawn on the WorkerPool under its deadline. */
@Injectable()
export class InvoiceRenderer {
  constructor(private readonly pool: WorkerPool) {}

  html(facts: InvoiceFacts, what: RenderTaskInput['what']): Promise<string> {
    return withinDeadline(this.pool.run<RenderTaskInput, string>(HTML, { facts, what }));
  }

  async pdf(facts: InvoiceFacts, what: RenderTaskInput['what']): Promise<Buffer> {
    const bytes = await withinDeadline(this.pool.run<RenderTaskInput, Uint8Array>(PDF, { facts, what }));
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}

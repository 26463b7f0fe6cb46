import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE, problemType } from '../errors';

/** Longest request target (path and query) served; longer ones are answered 414. */
export const MAX_URL_LENGTH = 8192;

interface ClientError extends Error {
  code?: string;
  rawPacket?: unknown;
}

/** A problem document for a request that never became a request (Nest and Fastify routing never saw it). */
export function rawProblem(status: number, category: string, detail: string): string {
  return JSON.stringify({ type: problemType(category), title: STATUS_CODES[status] ?? 'Client error', status, detail, instance: '', correlation_id: '' });
}

/** Which answer a parse error of Node's HTTP parser gets. */
export function classifyClientError(error: ClientError): { status: number; category: string; detail: string } {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, category: 'request-timeout', detail: 'The request was not received in time.' };
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    // The overflow happened inside the request line when no line ended before it: the URI is too long.
    const packet = error.rawPacket;
    if (Buffer.isBuffer(packet) && !packet.includes('\r\n') && /^[A-Z]+ /.test(packet.subarray(0, 16).toString('latin1'))) {
      return { status: 414, category: 'uri-too-long', detail: `The request target is longer than the server accepts (${MAX_URL_LENGTH} characters).` };
    }
    return { status: 431, category: 'request-header-fields-too-large', detail: 'The request headers are larger than the server accepts.' };
  }
  return { status: 400, category: 'bad-request', detail: 'The request is not valid HTTP.' };
}

/**
 * Fastify's clientErrorHandler: Node's HTTP parser refused the bytes (headers too large, URI too
 * long, not HTTP at all). Nothing above the socket exists yet, so the problem document is written
 * here, in the same shape as every other error.
 */
export function clientErrorHandler(error: ClientError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, category, detail } = classifyClientError(error);
  const body = rawProblem(status, category, detail);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

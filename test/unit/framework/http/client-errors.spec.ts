import { Socket } from 'node:net';
import { classifyClientError, clientErrorHandler, frameworkProblem } from '../../../../src/framework/http';
import { toProblem, UriTooLongError, ValidationError } from '../../../../src/framework/errors';

const parserError = (code: string, rawPacket?: Buffer) => Object.assign(new Error(code), { code, rawPacket });

/** A socket stand-in that records what the handler writes. */
function fakeSocket(): { socket: Socket; written: string[]; destroyed: () => boolean } {
  const written: string[] = [];
  let destroyed = false;
  const socket = {
    writable: true,
    get destroyed() {
      return destroyed;
    },
    write: (data: string) => written.push(data),
    destroy: () => {
      destroyed = true;
    },
  } as unknown as Socket;
  return { socket, written, destroyed: () => destroyed };
}

describe('parser-level client errors', () => {
  it('answers oversized headers with 431 problem+json', () => {
    const { socket, written, destroyed } = fakeSocket();
    clientErrorHandler(parserError('HPE_HEADER_OVERFLOW', Buffer.from('GET / HTTP/1.1\r\nx-big: aaaa')), socket);
    const [head, body] = written[0].split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(head).toContain('Content-Type: application/problem+json');
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
    expect(JSON.parse(body)).toMatchObject({ type: 'urn:invoice-service:problem:request-header-fields-too-large', title: 'Request Header Fields Too Large', status: 431 });
    expect(destroyed()).toBe(true);
  });

  it('answers an overflow inside the request line with 414', () => {
    expect(classifyClientError(parserError('HPE_HEADER_OVERFLOW', Buffer.from(`GET /${'a'.repeat(1000)}`)))).toMatchObject({ status: 414, category: 'uri-too-long' });
  });

  it('answers other parse errors (NUL in a header, not HTTP) with 400 and timeouts with 408', () => {
    expect(classifyClientError(parserError('HPE_INVALID_HEADER_TOKEN'))).toMatchObject({ status: 400, category: 'bad-request' });
    expect(classifyClientError(parserError('ERR_HTTP_REQUEST_TIMEOUT'))).toMatchObject({ status: 408 });
  });

  it('writes nothing to a socket that is already gone', () => {
    const { socket, written } = fakeSocket();
    clientErrorHandler(parserError('ECONNRESET'), socket);
    expect(written).toEqual([]);
  });

  it('maps Fastify routing errors to taxonomy errors that do not echo the path', () => {
    const long = frameworkProblem(Object.assign(new Error(`'/${'a'.repeat(500)}' is exceeding the max param length`), { code: 'FST_ERR_MAX_PARAM_LENGTH' }));
    expect(long).toBeInstanceOf(UriTooLongError);
    expect(toProblem(long, { instance: '/', correlationId: 'c' })).toMatchObject({ status: 414, type: 'urn:invoice-service:problem:uri-too-long' });
    expect(toProblem(long, { instance: '/', correlationId: 'c' }).detail).not.toContain('aaaa');
    const bad = frameworkProblem(Object.assign(new Error("'/%zz' is not a valid url component"), { code: 'FST_ERR_BAD_URL' }));
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).errors).toEqual([{ field: 'url', reason: 'must be correctly percent-encoded' }]);
  });
});

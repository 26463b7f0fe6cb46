import { UnsupportedMediaTypeError } from '../../../src/framework/errors';
import { invoiceMediaType } from '../../../src/invoices/invoice-media-type';

describe('invoiceMediaType', () => {
  it.each([
    ['application/xml', 'application/xml'],
    ['text/xml; charset=utf-8', 'application/xml'],
    ['Application/PDF', 'application/pdf'],
    ['application/json;charset=UTF-8', 'application/json'],
  ])('maps %s to %s', (header, expected) => {
    expect(invoiceMediaType(header)).toBe(expected);
  });

  it.each([undefined, '', 'text/plain', 'application/xml-dtd'])('refuses %p', (header) => {
    expect(() => invoiceMediaType(header)).toThrow(UnsupportedMediaTypeError);
  });
});

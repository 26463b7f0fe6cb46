import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { EinvoiceXmlModule, EinvoiceXmlSettings } from '../../../../src/stages/parse/einvoice-xml.stage';
import { lenientExtract } from '../../../../src/stages/parse/lenient-extract';
import { EXAMPLES } from '../../../support/paths';
import { stageContext } from '../../../support/stages';
import { engineOn, startWorkerPool } from '../../../support/worker-pool';

describe('parse stage modules', () => {
  it('einvoice-xml maps a UBL invoice onto the canonical model with decimal strings', async () => {
    const { pool } = await startWorkerPool({ workerPoolSize: 1 });
    const output = await new EinvoiceXmlModule(engineOn(pool)).execute(
      { document: readFileSync(join(EXAMPLES, 'ubl', 'ubl-tc434-example1.xml')), contentType: 'application/xml' },
      stageContext(plainToInstance(EinvoiceXmlSettings, {})),
    );
    expect(output.invoice).toMatchObject({ syntax: 'UBL', number: '12115118', currency: 'EUR', partial: false });
    expect(typeof output.invoice.totals.payable).toBe('string');
    expect(output.parsed).toBeDefined();
    await pool.stop();
  });

  it('lenient extraction reads the core fields of XML strict parsing refuses, marked partial', () => {
    const xml = readFileSync(join(EXAMPLES, 'ubl', 'ubl-tc434-example1.xml'), 'utf8').replace('</Invoice>', '');
    const invoice = lenientExtract(xml);
    expect(invoice).toMatchObject({ number: '12115118', issue_date: '2015-01-09', currency: 'EUR', partial: true });
    expect(invoice?.seller.name).toEqual(expect.any(String));
    expect(lenientExtract('<nothing/>')).toBeNull();
  });
});

import { interpretMessage } from '../parse/sif-message';
import { SifMessageReader } from '../parse/sif-message-reader';
import { buildAck } from './ack';
import { buildRegister } from './register';
import { buildRequest } from './request';
import { xmlText } from './xml-text';

/** Reads a built message back with the codec's own (strict, namespace-aware) reader. */
function readBack(xml: string) {
  const reader = new SifMessageReader(() => undefined);
  reader.write(xml);
  return interpretMessage(reader.end());
}

describe('the SIF message builders', () => {
  it('escape the sender’s version where it becomes an attribute, so it cannot add markup', () => {
    const sender = { sourceId: 'agent', version: '2.0r1" Injected="yes' };
    const built = buildRegister(sender, { name: 'n', maxBufferSize: 65536, mode: 'Pull' });
    expect(built.xml).toContain('Version="2.0r1&quot; Injected=&quot;yes"');
    expect(built.xml).not.toContain('Injected="yes"');
    expect(readBack(built.xml)).toMatchObject({ type: 'SIF_Register', version: '2.0r1" Injected="yes' });
  });

  it('escape object names in attributes', () => {
    const request = buildRequest({ sourceId: 'agent', version: '2.0r1' }, { objectName: 'A"<&', maxBufferSize: 4096 }, { msgId: 'M1' });
    expect(request.xml).toContain('<SIF_QueryObject ObjectName="A&quot;&lt;&amp;">');
    expect(readBack(request.xml)).toMatchObject({ type: 'SIF_Request', header: { msgId: 'M1' } });
  });

  it('drop characters XML 1.0 forbids (C0 controls, U+FFFE/U+FFFF, lone surrogates), so the message stays well-formed', () => {
    const description = 'bad\u0001 value\u000b\uFFFE from\uD800 PowerSchool\u0000';
    const ack = buildAck(
      { sourceId: 'agent\u0008', version: '2.0r1' },
      { originalSourceId: 'PowerSchool', originalMsgId: 'X' },
      { error: { category: 1, code: 2, description } },
    );
    expect(readBack(ack.xml)).toMatchObject({
      type: 'SIF_Ack',
      header: { sourceId: 'agent' },
      error: { category: 1, code: 2, description: 'bad value from PowerSchool' },
    });
  });

  it('keep what XML allows: tab, line breaks, non-Latin text and characters beyond the BMP', () => {
    expect(xmlText('a\tb\nc\rd é 中 😀 \uE000')).toBe('a\tb\nc\rd é 中 😀 \uE000');
    expect(xmlText(`<a href='x'>&`)).toBe('&lt;a href=&apos;x&apos;&gt;&amp;');
  });
});

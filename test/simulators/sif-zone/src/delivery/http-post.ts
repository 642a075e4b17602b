import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface PostResult {
  status: number;
  body: string;
}

const MAX_ACK_BYTES = 1024 * 1024;

/**
 * POSTs one SIF_Message to an agent and reads its answer (a SIF_Ack). `dropAfterSend` destroys
 * the connection once the message is written, before any answer: the agent may well have
 * processed it, which is the point of the fault.
 */
export function postXml(
  url: string,
  body: string,
  options: {
    timeoutMs: number;
    dropAfterSend: boolean;
    onRequest: (request: ClientRequest) => void;
    /** Extra headers, e.g. the push signature; computed over the same bytes that are sent. */
    headers?: (payload: Buffer) => Record<string, string>;
  },
): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const payload = Buffer.from(body, 'utf8');
    const request = send(target, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/xml;charset="utf-8"',
        'Content-Length': payload.length,
        Accept: 'application/xml',
        ...options.headers?.(payload),
      },
      timeout: options.timeoutMs,
    });
    options.onRequest(request);
    request.on('timeout', () => request.destroy(new Error(`no SIF_Ack within ${options.timeoutMs} ms`)));
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_ACK_BYTES) request.destroy(new Error(`the agent's answer exceeds ${MAX_ACK_BYTES} bytes`));
        else chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.end(payload, () => {
      if (options.dropAfterSend) request.destroy(new Error('connection dropped after sending (injected fault)'));
    });
  });
}

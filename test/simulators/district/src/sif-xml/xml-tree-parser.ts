import { SaxesParser, type SaxesTagNS } from 'saxes';
import type { XmlElement } from './xml-tree';

/** XML that is not well-formed; the message is the parser's, with line and column. */
export class XmlSyntaxError extends Error {}

function elementOf(tag: SaxesTagNS): XmlElement {
  const attributes: Record<string, string> = {};
  for (const attribute of Object.values(tag.attributes)) {
    if (attribute.name === 'xmlns' || attribute.prefix === 'xmlns') continue;
    attributes[attribute.name] = attribute.value;
  }
  return { name: tag.local, uri: tag.uri, attributes, children: [], text: '' };
}

/**
 * A streaming XML reader built on saxes that hands over whole elements as soon as they close.
 * `select` decides which elements are handed over (their subtrees are built; nothing else is
 * kept), so a file of 700,000 objects is read in constant memory.
 */
export class XmlElementStream {
  private readonly parser = new SaxesParser({ xmlns: true });
  private readonly stack: XmlElement[] = [];
  /** Depth of the selected element being built, or -1. */
  private capturingAt = -1;
  private depth = 0;

  constructor(select: (element: XmlElement, ancestors: readonly string[]) => boolean, onElement: (element: XmlElement) => void) {
    const path: string[] = [];
    this.parser.on('opentag', (tag) => {
      const element = elementOf(tag);
      if (this.capturingAt >= 0) {
        this.stack[this.stack.length - 1]?.children.push(element);
        this.stack.push(element);
      } else if (select(element, path)) {
        this.capturingAt = this.depth;
        this.stack.push(element);
      }
      path.push(element.name);
      this.depth++;
    });
    const onText = (text: string) => {
      const current = this.stack[this.stack.length - 1];
      if (current) current.text += text;
    };
    this.parser.on('text', onText);
    this.parser.on('cdata', onText);
    this.parser.on('closetag', () => {
      this.depth--;
      path.pop();
      if (this.capturingAt < 0) return;
      const element = this.stack.pop();
      if (this.depth === this.capturingAt && element) {
        this.capturingAt = -1;
        onElement(element);
      }
    });
  }

  write(chunk: string): void {
    try {
      this.parser.write(chunk);
    } catch (error) {
      throw new XmlSyntaxError(error instanceof Error ? error.message : String(error));
    }
  }

  close(): void {
    try {
      this.parser.close();
    } catch (error) {
      throw new XmlSyntaxError(error instanceof Error ? error.message : String(error));
    }
  }
}

/** Parses a whole document into its root element. */
export function parseXmlDocument(xml: string): XmlElement {
  let root: XmlElement | undefined;
  const stream = new XmlElementStream(
    (_element, ancestors) => ancestors.length === 0,
    (element) => {
      root = element;
    },
  );
  stream.write(xml);
  stream.close();
  if (!root) throw new XmlSyntaxError('the document has no root element');
  return root;
}

import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { SifElement } from './sif-element';
import { SifXmlError } from './sif-xml-error';

export interface SifReaderLimits {
  /** The longest text or attribute value kept, in characters; longer ones are cut and flagged. */
  maxFieldLength: number;
  /** The most elements one data object may have; past it the rest are dropped and the object flagged. */
  maxObjectElements: number;
}

export const DEFAULT_READER_LIMITS: SifReaderLimits = { maxFieldLength: 8_192, maxObjectElements: 5_000 };

/**
 * Told when a message's SIF_ObjectData opens, with the name of the body it belongs to (e.g.
 * SIF_Response): by then the envelope (`partialEnvelope`) holds the header and, for a response,
 * its request id and packet number, so the objects can be stored as they come.
 */
export type ObjectDataListener = (bodyName: string) => void;

/** One data object from a SIF_Response's SIF_ObjectData or a SIF_Event's SIF_EventObject. */
export interface SifDataObject {
  element: SifElement;
  /** Events only: the SIF_EventObject's @ObjectName and @Action (Add, Change, Delete). */
  event?: { objectName: string; action: string };
  /** 0-based position among the data objects of the message. */
  position: number;
  /** The object had more than `maxObjectElements` elements; what was kept is incomplete. */
  truncated: boolean;
}

interface Frame {
  element: SifElement;
  defaultNamespace: string;
  prefixes: ReadonlyMap<string, string>;
  /** Inside a data object (the root included). */
  inObject: boolean;
  objectRoot: boolean;
}

const NO_PREFIXES: ReadonlyMap<string, string> = new Map();

/**
 * A streaming reader of one SIF message (saxes underneath). Feed it text with `write` as it
 * arrives; each data object is handed to `onObject` as soon as its end tag is read and is not
 * kept, so memory holds one object and the (small) envelope, whatever the size of the packet.
 * `close` returns the envelope: the whole message minus its data objects.
 *
 * A pulled message is a SIF_Ack whose SIF_Status/SIF_Data holds the inner SIF_Message, which
 * may omit `xmlns` and then inherits the outer default namespace (§1.1): namespaces are
 * resolved here, element by element, so an inner message and its objects get the right one.
 */
export class SifMessageReader {
  private readonly parser = new SaxesParser({ xmlns: false, position: true });
  private readonly stack: Frame[] = [];
  private root?: SifElement;
  private objectElements = 0;
  private objectTruncated = false;
  private objectEvent?: { objectName: string; action: string };
  private positions = 0;
  /**
   * The attributes of the tag being opened, as saxes reports them one by one: an array is much
   * cheaper to walk than the prototype-less dictionary saxes hands over with the tag, and this
   * runs for every element of every object.
   */
  private attributes: Array<{ name: string; value: string }> = [];

  constructor(
    private readonly onObject: (object: SifDataObject) => void,
    private readonly limits: SifReaderLimits = DEFAULT_READER_LIMITS,
    private readonly onObjectData?: ObjectDataListener,
  ) {
    this.parser.on('attribute', (attribute) => this.attributes.push(attribute));
    this.parser.on('opentag', (tag) => this.open(tag));
    this.parser.on('text', (text) => this.text(text));
    this.parser.on('cdata', (text) => this.text(text));
    this.parser.on('closetag', () => this.close());
  }

  write(chunk: string): void {
    try {
      this.parser.write(chunk);
    } catch (error) {
      throw this.wrap(error);
    }
  }

  /** The envelope read so far: what is known of a message whose end never came (e.g. its header). */
  get partialEnvelope(): SifElement | undefined {
    return this.root;
  }

  /** Ends the document; returns the envelope (every element except the data objects). */
  end(): SifElement {
    try {
      this.parser.close();
    } catch (error) {
      throw this.wrap(error);
    }
    if (!this.root) throw new SifXmlError('the message is empty');
    return this.root;
  }

  private wrap(error: unknown): SifXmlError {
    if (error instanceof SifXmlError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new SifXmlError(`the message is not well-formed XML: ${message.split('\n')[0]}`);
  }

  private open(tag: SaxesTagPlain): void {
    const parent = this.stack[this.stack.length - 1];
    let defaultNamespace = parent?.defaultNamespace ?? '';
    let prefixes = parent?.prefixes ?? NO_PREFIXES;
    const attributes: Record<string, string> = {};
    let oversized: Record<string, number> | undefined;
    const tagAttributes = this.attributes;
    this.attributes = [];
    for (const { name, value } of tagAttributes) {
      if (name === 'xmlns') {
        defaultNamespace = value;
      } else if (name.startsWith('xmlns:')) {
        const copy = new Map(prefixes);
        copy.set(name.slice(6), value);
        prefixes = copy;
      } else if (value.length > this.limits.maxFieldLength) {
        attributes[name] = value.slice(0, this.limits.maxFieldLength);
        (oversized ??= {})[`@${name}`] = value.length;
      } else {
        attributes[name] = value;
      }
    }
    const colon = tag.name.indexOf(':');
    const name = colon < 0 ? tag.name : tag.name.slice(colon + 1);
    const namespace = colon < 0 ? defaultNamespace : (prefixes.get(tag.name.slice(0, colon)) ?? '');
    const element: SifElement = { name, namespace, attributes, children: [], text: '' };
    if (oversized) element.oversized = oversized;

    const objectRoot = parent !== undefined && !parent.inObject && isObjectContainer(parent.element, name);
    if (objectRoot) {
      this.objectElements = 1;
      this.objectTruncated = false;
      this.objectEvent =
        parent.element.name === 'SIF_EventObject'
          ? { objectName: parent.element.attributes['ObjectName'] ?? '', action: parent.element.attributes['Action'] ?? '' }
          : undefined;
    } else if (parent?.inObject) {
      this.objectElements++;
      if (this.objectElements <= this.limits.maxObjectElements) parent.element.children.push(element);
      else this.objectTruncated = true;
    } else if (parent) {
      parent.element.children.push(element);
      if (name === 'SIF_ObjectData') this.onObjectData?.(parent.element.name);
    } else {
      this.root = element;
    }
    this.stack.push({ element, defaultNamespace, prefixes, inObject: objectRoot || (parent?.inObject ?? false), objectRoot });
  }

  private text(text: string): void {
    const frame = this.stack[this.stack.length - 1];
    if (!frame || isBlank(text)) return;
    const element = frame.element;
    const room = this.limits.maxFieldLength - element.text.length;
    if (text.length <= room && element.oversized?.['#text'] === undefined) {
      element.text += text;
      return;
    }
    const length = (element.oversized?.['#text'] ?? element.text.length) + text.length;
    if (room > 0) element.text += text.slice(0, room);
    (element.oversized ??= {})['#text'] = length;
  }

  private close(): void {
    const frame = this.stack.pop();
    if (!frame?.objectRoot) return;
    const object: SifDataObject = { element: frame.element, position: this.positions++, truncated: this.objectTruncated };
    if (this.objectEvent) object.event = this.objectEvent;
    this.onObject(object);
  }
}

/** Data objects are the children of a SIF_Response's SIF_ObjectData and of each SIF_EventObject. */
function isObjectContainer(parent: SifElement, childName: string): boolean {
  if (parent.name === 'SIF_EventObject') return true;
  return parent.name === 'SIF_ObjectData' && childName !== 'SIF_EventObject';
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return true;
}

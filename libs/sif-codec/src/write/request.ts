import { SIF_VERSION_WILDCARD } from '../sif-namespace';
import { sifMessage, type BuiltMessage, type HeaderFields, type SifSender } from './sif-header';
import { attribute, element } from './xml-text';

export type SifOperator = 'EQ' | 'LT' | 'GT' | 'LE' | 'GE' | 'NE';

/** One SIF_Condition: an element path relative to the object (e.g. `@SchoolYear`), an operator and a value. */
export interface SifCondition {
  element: string;
  operator: SifOperator;
  value: string | number;
}

export interface RequestOptions {
  objectName: string;
  maxBufferSize: number;
  /** ANDed together; none = every object. */
  conditions?: readonly SifCondition[];
  /** Elements to return (SIF_QueryObject/SIF_Element); none = all. */
  elements?: readonly string[];
}

/** SIF_Request with a SIF_Query (§1.11): `Type="None"` for one condition, `And` for several. */
export function buildRequest(sender: SifSender, options: RequestOptions, fields?: HeaderFields): BuiltMessage {
  const versions = [...new Set([sender.version, SIF_VERSION_WILDCARD])].map((version) => element('SIF_Version', version)).join('');
  const selected = (options.elements ?? []).map((name) => element('SIF_Element', name)).join('');
  const conditions = options.conditions ?? [];
  const group =
    conditions.length === 0
      ? ''
      : `<SIF_ConditionGroup Type="None"><SIF_Conditions Type="${conditions.length === 1 ? 'None' : 'And'}">${conditions
          .map(
            (c) =>
              `<SIF_Condition>${element('SIF_Element', c.element)}${element('SIF_Operator', c.operator)}${element('SIF_Value', c.value)}</SIF_Condition>`,
          )
          .join('')}</SIF_Conditions></SIF_ConditionGroup>`;
  const query = `<SIF_Query><SIF_QueryObject${attribute('ObjectName', options.objectName)}>${selected}</SIF_QueryObject>${group}</SIF_Query>`;
  return sifMessage(sender, 'SIF_Request', `${versions}${element('SIF_MaxBufferSize', options.maxBufferSize)}${query}`, fields);
}

import {
  fakerDE,
  fakerEN_US,
  fakerES_MX,
  fakerFR,
  fakerNB_NO,
  fakerPL,
  fakerPT_BR,
  fakerTR,
  fakerUK,
  fakerVI,
  fakerZH_CN,
  type Faker,
} from '@faker-js/faker';
import type { SeededRandom } from '@sisbridge/sim-common';

/** A person's name as PowerSchool stores it (Last_Name, First_Name, Middle_Name). */
export interface PersonName {
  firstName: string;
  middleName?: string;
  lastName: string;
}

/**
 * The awkward names a real district has and a consumer must survive, each forced at least once
 * so even the tiny district carries all of them.
 */
export type NameMess = 'apostrophe' | 'comma' | 'double-quotes' | 'accents' | 'han' | 'cyrillic' | 'hyphen-and-particle';

export const NAME_MESS: readonly NameMess[] = ['apostrophe', 'comma', 'double-quotes', 'accents', 'han', 'cyrillic', 'hyphen-and-particle'];

interface NamePool {
  first: readonly string[];
  last: readonly string[];
}

function poolOf(faker: Faker): NamePool {
  const person = faker.rawDefinitions.person;
  const firstNames = person?.first_name;
  const lastNames = person?.last_name;
  const first = [...(firstNames?.generic ?? []), ...(firstNames?.female ?? []), ...(firstNames?.male ?? [])];
  const last = [...(lastNames?.generic ?? []), ...(lastNames?.female ?? []), ...(lastNames?.male ?? [])];
  if (first.length === 0 || last.length === 0) throw new Error('a faker locale without person names');
  return { first: [...new Set(first)], last: [...new Set(last)] };
}

/** Locales weighted roughly like a US district's families; faker's word lists, our own picks. */
const WEIGHTED_LOCALES: ReadonlyArray<readonly [Faker, number]> = [
  [fakerEN_US, 58],
  [fakerES_MX, 20],
  [fakerVI, 5],
  [fakerPT_BR, 3],
  [fakerDE, 3],
  [fakerFR, 3],
  [fakerPL, 3],
  [fakerTR, 2],
  [fakerNB_NO, 2],
  [fakerUK, 0.5],
  [fakerZH_CN, 0.5],
];

const APOSTROPHE_SURNAMES = ["O'Brien", "O'Connor", "D'Angelo", "O'Neil", "D'Souza", "N'Diaye", "O'Malley", "Dell'Olio"];
const GENERATIONAL_SUFFIXES = ['Jr.', 'Sr.', 'II', 'III'];
const NICKNAMES: ReadonlyArray<readonly [string, string]> = [
  ['Robert', 'Bobby'],
  ['William', 'Liam'],
  ['Elizabeth', 'Libby'],
  ['Katherine', 'Kat'],
  ['Alejandro', 'Alex'],
  ['José', 'Pepe'],
];
const PARTICLE_SURNAMES = ['de la Cruz', 'García-López', 'Van der Berg', 'St. Pierre', 'Müller-Lüdenscheidt', 'da Silva', 'Smith-Jones'];

/**
 * Picks people's names from faker's locale word lists with the district's own seeded random, so
 * a name depends only on the seed (faker's global state is never touched).
 */
export class PeopleNames {
  private readonly pools: ReadonlyArray<readonly [NamePool, number]>;
  private readonly totalWeight: number;
  private readonly english: NamePool;
  private readonly accented: NamePool;
  private readonly han: NamePool;
  private readonly cyrillic: NamePool;

  constructor(private readonly random: SeededRandom) {
    this.pools = WEIGHTED_LOCALES.map(([faker, weight]) => [poolOf(faker), weight] as const);
    this.totalWeight = this.pools.reduce((sum, [, weight]) => sum + weight, 0);
    this.english = poolOf(fakerEN_US);
    this.accented = poolOf(fakerVI);
    this.han = poolOf(fakerZH_CN);
    this.cyrillic = poolOf(fakerUK);
  }

  /** A name drawn by the locale weights, with a middle name about half the time. */
  next(): PersonName {
    let roll = this.random.next() * this.totalWeight;
    let pool = this.english;
    for (const [candidate, weight] of this.pools) {
      roll -= weight;
      if (roll < 0) {
        pool = candidate;
        break;
      }
    }
    return this.fromPool(pool);
  }

  /** A name showing one kind of mess. */
  withMess(mess: NameMess): PersonName {
    const base = this.fromPool(this.english);
    switch (mess) {
      case 'apostrophe':
        return { ...base, lastName: this.random.pick(APOSTROPHE_SURNAMES) };
      case 'comma':
        // A generational suffix typed into Last_Name, as PowerSchool users do.
        return { ...base, lastName: `${base.lastName}, ${this.random.pick(GENERATIONAL_SUFFIXES)}` };
      case 'double-quotes': {
        const [given, nickname] = this.random.pick(NICKNAMES);
        return { ...base, firstName: `${given} "${nickname}"` };
      }
      case 'accents':
        return this.fromPool(this.accented);
      case 'han':
        return this.fromPool(this.han, false);
      case 'cyrillic':
        return this.fromPool(this.cyrillic);
      case 'hyphen-and-particle':
        return { ...base, lastName: this.random.pick(PARTICLE_SURNAMES) };
    }
  }

  private fromPool(pool: NamePool, allowMiddle = true): PersonName {
    const firstName = this.random.pick(pool.first);
    const lastName = this.random.pick(pool.last);
    if (!allowMiddle || !this.random.chance(0.5)) return { firstName, lastName };
    const middle = this.random.pick(pool.first);
    // PowerSchool often holds only the initial.
    return { firstName, lastName, middleName: this.random.chance(0.4) ? middle.slice(0, 1) : middle };
  }
}

/** PowerSchool's LastFirst: "Last, First Middle". */
export function lastFirst(name: PersonName): string {
  return name.middleName ? `${name.lastName}, ${name.firstName} ${name.middleName}` : `${name.lastName}, ${name.firstName}`;
}

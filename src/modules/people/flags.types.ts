/** A kind of flag an area uses, and a flag raised on a person's record. */
export interface FlagType {
  code: string;
  name: string;
  symbol: string;
  meaning: string;
  guidance: string;
  raiseRoles: string[];
  endRoles: string[];
  visibleDaysAfterEnd: number;
  showOnBabies: boolean;
  needsConsent: boolean;
  active: boolean;
  version: number;
}

export interface Flag {
  id: string;
  personId: string;
  typeCode: string;
  note: string;
  consent: boolean | null;
  raisedBy: string;
  raisedByName: string;
  raisedByOrganisationId: string;
  raisedByOrganisationName: string;
  raisedAt: Date;
  endedAt: Date | null;
  endReason: string;
  version: number;
}

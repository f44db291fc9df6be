import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Common given names in England and Wales (a small shipped list; it widens recall, it is not a register). */
export const GIVEN_NAMES: ReadonlySet<string> = new Set(
  JSON.parse(readFileSync(path.join(root, 'reference-data/uk-given-names.json'), 'utf8')) as string[],
);

export const MONTHS =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
export const WEEKDAYS = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';

const words = (s: string) => s.split(/\s+/).filter(Boolean);

/**
 * Capitalised words that are never part of a person's name in a review: months, weekdays, role
 * titles, organisation words, anonymised references and words that start sentences.
 */
export const NOT_NAME_WORDS: ReadonlySet<string> = new Set(
  [
    ...MONTHS.split('|'),
    ...WEEKDAYS.split('|'),
    ...words(`The A An He She They It We I His Her Hers Their Its Our This That These Those There Then Here
      In On At By For From With Without Into Onto Of To As When Where While Whilst After Before During Since
      Until Although Though However But And Or So If Because Both Each Every All Some Many Most No Not None
      Neither Either Also Later Earlier Meanwhile Overall Following Despite Within Between Across Around
      Over Under Who What Which Why How Yes Dear Following Further Subsequently Throughout Again Once
      Child Children Children's Childrens Baby Infant Sibling Siblings Young Person Adult Mother Father Parent
      Parents Carer Carers Grandmother Grandfather Grandparent Stepfather Stepmother Partner Maternal
      Paternal Male Female Subject Family Families Unborn Twin Aunt Uncle Cousin Brother Sister
      GP GPs NHS Named Designated Nurse Nurses Doctor Health Visitor Visitors Visiting Midwife Midwives
      Midwifery Social Worker Workers Work Care Police Officer Officers Sergeant Detective Constable
      Inspector Team Teams Service Services Board Partnership Partnerships Safeguarding Council Trust
      Hospital Court Early Help Integrated Local Authority School Schools Academy Practice Surgery Centre
      Ward Unit Department Emergency Maternity Review Reviews Panel Practitioner Practitioners Report Plan
      Protection Conference Strategy Meeting Section Act Agency Agencies Forum Hub Duty Front Door Rapid
      Serious Case Learning Practice Lead Leads Head Manager Consultant Paediatrician Paediatric Registrar
      Community Mental Substance Misuse Drug Alcohol Housing Probation Ambulance Fire Rescue Primary
      Secondary Acute General Royal National Public England English British Scottish Welsh Irish Polish
      Romanian Christmas Easter Covid COVID Lockdown Working Together Threshold Strategic Executive
      Director Chair Independent Reviewer Author Multi Agency Hospital's Clinic Clinical Commissioning
      Group Board's Integrated Ofsted CQC CAMHS MASH MARAC MAPPA LADO IRO ICB Sudden Unexpected Death
      Infancy SUDI SIDS Safer Sleep Purple Butterfly Network Assessment Pathway Programme Guidance
      Recommendation Recommendations Finding Findings Appendix Chapter Part Summary Introduction
      Conclusion Conclusions Terms Reference Methodology Background Chronology Analysis Key Lines Enquiry
      Please Note Table Figure Brookvale Mum Dad Nan Grandma Grandad Gran Staff Nursery Pre Preschool
      Mr Mrs Ms Miss Mx Dr Moses Upper Lower Great Little North South East West Nether Specialist Senior Junior Student Advanced Practitioner's Officer's Trainee Acting Deputy Interim`),
  ].map((w) => w.toLowerCase()),
);

export const isNotNameWord = (word: string) => NOT_NAME_WORDS.has(word.toLowerCase().replace(/['’]s$/, ''));

/** Words that may come before "School", "Surgery" and the like without naming one ("the GP surgery"). */
export const GENERIC_PLACE_WORDS: ReadonlySet<string> = new Set(
  words(`The A An This That Her His Their Its Our Your Local General GP NHS Special Primary Secondary Infant
    Infants Junior High Nursery Catholic Church Community Day Maternity Neonatal Children's Childrens Family
    Health Medical Practice New Old Village Town City County Independent Private State Faith Free
    Grammar Comprehensive Boarding Mainstream Alternative Provision Hospital Pupil Referral Unit Named
    At In On From To By Into When After Before During Then While Both Each Every All Some Another Any
    Same Previous Former Current First Second Third Mother's Father's Childs Child's Baby's
    ${MONTHS.replace(/\|/g, ' ')} ${WEEKDAYS.replace(/\|/g, ' ')}`).map((w) => w.toLowerCase()),
);

import { cloudFormationHandler } from './cfn-response';
import { jsonLog } from './log';
import { lookUp } from './lookup';
import { imagePages } from './pager';
import { lazyParameterReader } from './parameter-reader';

// Created once per container: warm invocations reuse its clients and connections.
const pages = imagePages();
const parameters = lazyParameterReader();

/** The Lambda entry point (`index.handler`), invoked by CloudFormation for every Custom::AmiLookup event. */
export const handler = cloudFormationHandler((event, budget) => lookUp(event, { pages, parameters, now: Date.now, log: jsonLog }, budget));

// Checks what the example app synthesized: four lookups served by one function, the instance and
// launch templates that use them, the SSM parameter one publishes its pick to, and the monitor's
// function, schedule and three alarms.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const template = JSON.parse(readFileSync(join(dir, 'AmiLookupExample.template.json'), 'utf8'));
const count = (type) => Object.values(template.Resources).filter((r) => r.Type === type).length;
const want = { 'Custom::AmiLookup': 4, 'AWS::Lambda::Function': 2, 'AWS::Events::Rule': 1, 'AWS::CloudWatch::Alarm': 3, 'AWS::EC2::Instance': 1, 'AWS::EC2::LaunchTemplate': 3, 'AWS::SSM::Parameter': 1 };
let ok = true;
for (const [type, n] of Object.entries(want)) {
  if (count(type) !== n) {
    console.error(`example: expected ${n} ${type}, found ${count(type)}`);
    ok = false;
  }
}
if (ok) console.log(`example: ${Object.entries(want).map(([t, n]) => `${n} ${t}`).join(', ')}`);
process.exit(ok ? 0 : 1);

import { describe, expect, it } from 'vitest';
import { AvailabilityReport } from '../report-model.js';
import { availabilityCsv } from './availability-csv.js';
import { availabilityFixture } from './testing/report-fixtures.js';

const HEADER =
  'kind,name,role,site,up_seconds,down_seconds,unknown_seconds,maintenance_seconds,availability_percent,target_percent,' +
  'allowed_downtime_seconds,error_budget_left_seconds,met,outages,mttr_seconds,mtbf_seconds';
const SBC_FIGURES = '2589900,300,1800,3600,99.9884,99.99,259.2,-40.8,false,2,150,1294950';
const CORE_FIGURES = '2595600,0,0,0,100,99.99,259.56,259.56,true,0,,';

describe('availabilityCsv', () => {
  it('has one row per entity: total, roles, sites, services, targets', () => {
    expect(availabilityCsv(availabilityFixture()).split('\r\n')).toEqual([
      HEADER,
      'total,all,,,5185500,300,1800,3600,99.9942,99.99,518.76,218.76,true,2,150,2592750',
      `role,core,core,,${CORE_FIGURES}`,
      `role,sbc,sbc,,${SBC_FIGURES}`,
      `site,"""&'",,"""&'",${CORE_FIGURES}`,
      `site,scl,,scl,${SBC_FIGURES}`,
      `service,sip-scl,,scl,${SBC_FIGURES}`,
      `target,sbc-1,sbc,scl,${SBC_FIGURES}`,
      `target,"<script>alert(""x"")</script>",core,"""&'",${CORE_FIGURES}`,
      '',
    ]);
  });

  it('leaves a service without a site and an unmeasured percent empty', () => {
    const report = availabilityFixture();
    const service = report.services[0];
    if (service === undefined) throw new Error('fixture has a service');
    const measuredNothing = AvailabilityReport.parse({ ...report, services: [{ ...service, site: null, availabilityPercent: null, met: null }] });
    expect(availabilityCsv(measuredNothing)).toContain('\r\nservice,sip-scl,,,2589900,300,1800,3600,,99.99,259.2,-40.8,,2,150,1294950\r\n');
  });

  it('guards text cells against formulas but not the numbers', () => {
    const report = availabilityFixture();
    const [sbc, core] = report.targets;
    if (sbc === undefined || core === undefined) throw new Error('fixture has two targets');
    const hostile = AvailabilityReport.parse({
      ...report,
      targets: [
        { ...sbc, target: '=cmd|\'/C calc\'!A0', role: '+sbc', site: '@scl' },
        { ...core, target: '-core', role: '\tcore', site: 'scl' },
      ],
    });
    const lines = availabilityCsv(hostile).split('\r\n');
    expect(lines).toContain(`target,'=cmd|'/C calc'!A0,'+sbc,'@scl,${SBC_FIGURES}`);
    expect(lines).toContain(`target,'-core,'\tcore,scl,${CORE_FIGURES}`);
  });
});

// CSV files of the CLI tests. Units of the Thanh Hóa register: 14755 Phường Hàm Rồng, 14758 Phường Đông Thọ,
// 14824 Xã Quang Trung (all open 2019-2025); 16387 Xã Đông Khê closed on 2019-12-01.

export const INCIDENT_HEADER = 'key,incident_id,locality_code,residential_area_code,occurred_on,reported_on,labels,severity,deaths,injuries,description';

/** Three valid incidents: one with a BOM before the header, a quoted multi-line description, and a row without key. */
export const VALID_INCIDENTS =
  '\uFEFF' +
  [
    INCIDENT_HEADER,
    'hr-2024-001,,14755,,2024-03-02,2024-03-03,crime.social-order;social-evil.gambling,serious,0,1,"Đánh bạc, gây thương tích"',
    'qt-2024-007,qt-007,14824,,2024-04-10,2024-04-10,traffic-accident,,1,2,"Va chạm xe máy\ntrên QL1A"',
    ',,14758,,2024-05-20,2024-05-21,fire-explosion,,,,',
  ].join('\r\n') +
  '\r\n';

/** Lines 2 and 7 are valid; lines 3-6 are not (see each comment in the test). */
export const BAD_INCIDENTS = [
  INCIDENT_HEADER,
  'ok-1,,14755,,2024-03-02,2024-03-03,crime.social-order,,,,', //                         line 2: valid
  'closed-1,,16387,,2023-03-04,2023-03-05,crime.social-order,,,,', //                     line 3: commune closed on 2019-12-01
  'date-1,,14824,,2019-02-30,2019-03-01,traffic-accident,,1,0,', //                       line 4: no 30 February
  'label-1,,14824,,2024-05-01,2024-05-01,crime.other;traffic-accident,,,,', //           line 5: unknown label
  'ok-1,,14758,,2024-06-01,2024-06-02,fire-explosion,,,,duplicate key', //                line 6: key of line 2
  'ok-2,,14758,,2024-06-01,2024-06-02,violation.other,,,,', //                            line 7: valid
].join('\n');

export const RECOGNITION_HEADER = 'key,recognition_id,locality_code,standard,from_year,to_year,decision_number,decision_date,authority';

/** A xã recognised for the commune NTM indicator 19.2 (valid). */
export const RECOGNITION_XA = 'qt-192-2024,,14824,commune-standard-2021:19.2,2024,,12/QĐ-UBND,2024-12-20,UBND tỉnh Thanh Hóa';
/** A phường "recognised" for the commune NTM indicator 19.2, which applies to xã only (invalid). */
export const RECOGNITION_PHUONG = 'hr-192-2024,,14755,commune-standard-2021:19.2,2024,,13/QĐ-UBND,2024-12-20,UBND tỉnh Thanh Hóa';
/** A phường recognised as an ANTT-safe commune, which applies to phường too (valid). */
export const RECOGNITION_PHUONG_SAFE = 'hr-safe-2024,,14755,antt-safe-commune:art5,2024,2024,14/QĐ-UBND,2024-12-20,UBND thành phố Thanh Hóa';

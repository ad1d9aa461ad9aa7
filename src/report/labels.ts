/**
 * Report labels in Vietnamese (the default) and English, and the number and
 * date formatting the renderers share. Vietnamese writes `1.319` and
 * `87,21 %` (dot for thousands, comma for decimals); English writes `1,319`
 * and `87.21 %`.
 *
 * @module
 */
import type { Lang, ReportOutcome, ReportTargetStatus } from './report-model.js';

/**
 * Every label of the reports, in both languages. Placeholders in braces
 * (`{date}`, `{year}`, …) are filled by {@link label}.
 *
 * @example
 * ```ts
 * LABELS['status.at_risk'].vi; // 'Có nguy cơ không đạt'
 * ```
 */
export const LABELS = {
  // Section titles
  'section.targets': { vi: 'Mục tiêu của kế hoạch', en: 'Plan targets' },
  'section.attainment': { vi: 'Tỷ lệ đạt chuẩn an ninh, trật tự theo năm', en: 'Security-and-order attainment by year' },
  'section.crime': { vi: 'Tội phạm theo năm so với năm gốc', en: 'Crime per year against the baseline' },
  'section.map': { vi: 'Bản đồ cấp huyện', en: 'District map' },
  'section.trends.commune': { vi: 'Xu hướng cấp xã so với năm gốc', en: 'Commune trends against the baseline' },
  'section.trends.district': { vi: 'Xu hướng cấp huyện so với năm gốc', en: 'District trends against the baseline' },
  'section.disagreements': { vi: 'Chênh lệch giữa công nhận và kết quả tính', en: 'Recognised and computed status disagree' },
  'section.followUp': { vi: 'Theo dõi thực hiện kế hoạch', en: 'Plan follow-up' },
  'section.diff': { vi: 'Số liệu đã báo cáo ngày {date} so với hiện nay', en: 'As filed on {date} vs today' },
  'section.notes': { vi: 'Ghi chú', en: 'Notes' },
  'section.summary': { vi: 'Tóm tắt', en: 'Summary' },

  // Report metadata
  'meta.province': { vi: 'Tỉnh', en: 'Province' },
  'meta.year': { vi: 'Năm báo cáo', en: 'Report year' },
  'meta.asOf': { vi: 'Số liệu tính đến ngày {date}', en: 'Figures as of {date}' },
  'meta.asOfLabel': { vi: 'Số liệu tính đến', en: 'Figures as of' },
  'meta.allRecorded': { vi: 'Toàn bộ số liệu đã ghi nhận', en: 'Everything recorded' },
  'meta.asOfBanner': {
    vi: 'Báo cáo theo số liệu đã biết đến ngày {date}; các thay đổi ghi nhận sau ngày này không được tính.',
    en: 'This report uses only what was known on {date}; later changes are not counted.',
  },
  'meta.generatedAt': { vi: 'Thời điểm lập báo cáo', en: 'Generated at' },
  'meta.hierarchyAt': { vi: 'Đơn vị hành chính tại ngày', en: 'Administrative units as of' },
  'meta.plan': { vi: 'Kế hoạch', en: 'Plan' },
  'meta.legalBasis': { vi: 'Căn cứ', en: 'Legal basis' },
  'meta.noPlan': { vi: 'Chưa có kế hoạch', en: 'No plan' },

  // Table headers
  'col.id': { vi: 'Mã', en: 'ID' },
  'col.no': { vi: 'STT', en: 'No.' },
  'col.target': { vi: 'Mục tiêu', en: 'Target' },
  'col.value': { vi: 'Giá trị hiện tại', en: 'Current value' },
  'col.targetValue': { vi: 'Chỉ tiêu', en: 'Target value' },
  'col.status': { vi: 'Trạng thái', en: 'Status' },
  'col.gap': { vi: 'Còn thiếu', en: 'Gap' },
  'col.deadline': { vi: 'Thời hạn', en: 'Deadline' },
  'col.reason': { vi: 'Lý do, ghi chú', en: 'Reason, note' },
  'col.set': { vi: 'Bộ tiêu chí', en: 'Criteria set' },
  'col.year': { vi: 'Năm', en: 'Year' },
  'col.eligible': { vi: 'Số đơn vị xét', en: 'Eligible' },
  'col.recognised': { vi: 'Được công nhận', en: 'Recognised' },
  'col.computed': { vi: 'Đạt theo dữ liệu', en: 'Computed' },
  'col.recognisedPercent': { vi: 'Tỷ lệ công nhận', en: 'Recognised %' },
  'col.computedPercent': { vi: 'Tỷ lệ theo dữ liệu', en: 'Computed %' },
  'col.cases': { vi: 'Số vụ', en: 'Cases' },
  'col.changeVsBaseline': { vi: 'So với năm {year}', en: 'Change vs {year}' },
  'col.outcome': { vi: 'Kết quả', en: 'Outcome' },
  'col.code': { vi: 'Mã', en: 'Code' },
  'col.name': { vi: 'Đơn vị', en: 'Unit' },
  'col.change': { vi: 'Thay đổi', en: 'Change' },
  'col.detail': { vi: 'Diễn giải', en: 'Detail' },
  'col.standard': { vi: 'Tiêu chuẩn', en: 'Standard' },
  'col.kind': { vi: 'Loại', en: 'Kind' },
  'col.figure': { vi: 'Chỉ số', en: 'Figure' },
  'col.asFiled': { vi: 'Đã báo cáo', en: 'As filed' },
  'col.today': { vi: 'Hiện nay', en: 'Today' },
  'col.arising': { vi: 'Phát sinh', en: 'Arising' },
  'col.settled': { vi: 'Giải quyết tại cơ sở', en: 'Settled at grassroots' },
  'col.share': { vi: 'Tỷ lệ', en: 'Share' },
  'col.period': { vi: 'Kỳ báo cáo', en: 'Period' },
  'col.recipient': { vi: 'Nơi nhận', en: 'Recipient' },
  'col.dueBy': { vi: 'Hạn gửi', en: 'Due by' },
  'col.heldOn': { vi: 'Ngày', en: 'Held on' },
  'col.title': { vi: 'Nội dung', en: 'Title' },
  'col.raisedBy': { vi: 'Đơn vị nêu', en: 'Raised by' },
  'col.raisedOn': { vi: 'Ngày nêu', en: 'Raised on' },
  'col.ageDays': { vi: 'Số ngày tồn đọng', en: 'Days open' },
  'col.owner': { vi: 'Đơn vị chủ trì', en: 'Owner' },
  'col.taskCount': { vi: 'Số nhiệm vụ', en: 'Tasks' },
  'col.oldestDaysOverdue': { vi: 'Quá hạn lâu nhất (ngày)', en: 'Oldest overdue (days)' },
  'col.value.plain': { vi: 'Giá trị', en: 'Value' },
  'col.casesIn': { vi: 'Số vụ năm {year}', en: 'Cases {year}' },
  'col.gapPoints': { vi: 'Còn thiếu (điểm phần trăm)', en: 'Gap (percentage points)' },
  'col.group': { vi: 'Nhóm', en: 'Group' },
  'col.members': { vi: 'Các đơn vị trong nhóm', en: 'Members' },
  'col.whyGrouped': { vi: 'Lý do chưa tách được', en: 'Why it cannot be split' },
  'col.missingFact': { vi: 'Thông tin còn thiếu', en: 'Missing fact' },
  'col.command': { vi: 'Lệnh ghi nhận', en: 'Command to record it' },
  'col.groupsConcerned': { vi: 'Nhóm liên quan', en: 'Groups concerned' },
  'col.fact': { vi: 'Nội dung', en: 'Fact' },
  'col.evidenceLevel': { vi: 'Mức độ xác thực', en: 'Evidence level' },
  'col.source': { vi: 'Nguồn', en: 'Source' },
  'col.quote': { vi: 'Trích dẫn', en: 'Quote' },
  'col.caveat': { vi: 'Lưu ý', en: 'Caveat' },
  'col.usedFor': { vi: 'Đơn vị sử dụng', en: 'Used for' },
  'col.legalBasis': { vi: 'Căn cứ', en: 'Legal basis' },

  // CSV header
  'csv.section': { vi: 'Phần', en: 'Section' },
  'csv.id': { vi: 'Mã', en: 'ID' },
  'csv.label': { vi: 'Nội dung', en: 'Label' },
  'csv.year': { vi: 'Năm', en: 'Year' },
  'csv.value': { vi: 'Giá trị', en: 'Value' },
  'csv.target': { vi: 'Chỉ tiêu', en: 'Target' },
  'csv.status': { vi: 'Trạng thái', en: 'Status' },
  'csv.note': { vi: 'Ghi chú', en: 'Note' },

  // Target statuses
  'status.met': { vi: 'Đạt', en: 'Met' },
  'status.on_track': { vi: 'Đúng tiến độ', en: 'On track' },
  'status.at_risk': { vi: 'Có nguy cơ không đạt', en: 'At risk' },
  'status.not_met': { vi: 'Không đạt', en: 'Not met' },
  'status.not_assessable': { vi: 'Không đánh giá được', en: 'Not assessable' },

  // Comparison outcomes
  'outcome.met': { vi: 'Đạt', en: 'Met' },
  'outcome.not_met': { vi: 'Không đạt', en: 'Not met' },
  'outcome.no_data': { vi: 'Không có số liệu', en: 'No data' },
  'outcome.baseline_missing': { vi: 'Thiếu số liệu năm gốc', en: 'Baseline missing' },
  'outcome.baseline_zero': { vi: 'Năm gốc bằng 0', en: 'Baseline is zero' },
  'outcome.not_comparable': { vi: 'Không so sánh được', en: 'Not comparable' },

  // Target kinds
  'kind.shareRecognised': { vi: 'Tỷ lệ được công nhận', en: 'Share recognised' },
  'kind.reductionVsBaseline': { vi: 'Giảm so với năm gốc', en: 'Reduction against the baseline' },
  'kind.yearOnYearReduction': { vi: 'Giảm so với năm trước', en: 'Year-on-year reduction' },

  // Disagreement kinds
  'disagreement.recognised_but_computed_not_met': { vi: 'Đã công nhận nhưng dữ liệu chưa đạt', en: 'Recognised, but the data do not meet the rule' },
  'disagreement.computed_met_but_not_recognised': { vi: 'Dữ liệu đạt nhưng chưa được công nhận', en: 'The data meet the rule, but not recognised' },

  // Report recipients
  'recipient.provincial-peoples-committee': { vi: 'UBND tỉnh', en: "Provincial People's Committee" },
  'recipient.ministry-of-public-security': { vi: 'Bộ Công an', en: 'Ministry of Public Security' },
  'recipient.other': { vi: 'Nơi khác', en: 'Other' },

  // Review kinds
  'review.interim': { vi: 'Sơ kết', en: 'Interim review' },
  'review.final': { vi: 'Tổng kết', en: 'Final review' },

  // Criteria sets (short names for tables and charts)
  'set.commune-standard-2021': { vi: 'Xã NTM', en: 'NTM communes' },
  'set.commune-advanced-2021': { vi: 'Xã NTM nâng cao', en: 'Advanced NTM communes' },
  'set.commune-model-2021': { vi: 'Xã NTM kiểu mẫu', en: 'Model NTM communes' },
  'set.district-standard-2021': { vi: 'Huyện NTM', en: 'NTM districts' },
  'set.district-advanced-2021': { vi: 'Huyện NTM nâng cao', en: 'Advanced NTM districts' },

  // Follow-up
  'followUp.disputes': { vi: 'Mâu thuẫn, tranh chấp, khiếu kiện', en: 'Disputes and complaints' },
  'followUp.reportsFiled': { vi: 'Số báo cáo đã gửi', en: 'Reports filed' },
  'followUp.reportsMissing': { vi: 'Báo cáo chưa gửi', en: 'Reports missing' },
  'followUp.reviews': { vi: 'Sơ kết, tổng kết', en: 'Reviews' },
  'followUp.inspections': { vi: 'Số cuộc kiểm tra', en: 'Inspections' },
  'followUp.openObstacles': { vi: 'Khó khăn, vướng mắc chưa giải quyết', en: 'Open difficulties and obstacles' },
  'followUp.overdueTasks': { vi: 'Nhiệm vụ quá hạn', en: 'Overdue tasks' },

  // Trends (one set per level: communes, districts)
  'trends.metricLine': { vi: 'Chỉ số: {metric}, năm {year} so với năm {baselineYear}.', en: 'Metric: {metric}, {year} against {baselineYear}.' },
  'trends.rule': { vi: 'Mục tiêu: mỗi {unit} giảm ít nhất {pct} so với năm {year}.', en: 'Target: each {unit} cuts at least {pct} against {year}.' },
  'trends.col.assessed': { vi: 'Hình thức đánh giá', en: 'Assessed' },
  'trends.col.total': { vi: 'Tổng số', en: 'Total' },
  'trends.col.met': { vi: 'Đạt', en: 'Met' },
  'trends.col.notMet': { vi: 'Không đạt', en: 'Not met' },
  'trends.col.noVerdict': { vi: 'Chưa có kết quả', en: 'Without a verdict' },
  'trends.col.noVerdictWhy': { vi: 'Lý do chưa có kết quả', en: 'Why without a verdict' },
  'trends.alone.commune': { vi: 'Xã đánh giá riêng', en: 'Communes assessed alone' },
  'trends.alone.district': { vi: 'Huyện đánh giá riêng', en: 'Districts assessed alone' },
  'trends.groups.commune': { vi: 'Nhóm xã đánh giá chung', en: 'Groups of communes assessed together' },
  'trends.groups.district': { vi: 'Nhóm huyện đánh giá chung', en: 'Groups of districts assessed together' },
  'trends.localities.commune': { vi: 'Số xã', en: 'Communes' },
  'trends.localities.district': { vi: 'Số huyện', en: 'Districts' },
  'trends.groupLocalities.commune': { vi: 'Số xã thuộc các nhóm', en: 'Communes in groups' },
  'trends.groupLocalities.district': { vi: 'Số huyện thuộc các nhóm', en: 'Districts in groups' },
  'trends.groupMin.commune': { vi: 'Số xã của nhóm nhỏ nhất', en: 'Communes in the smallest group' },
  'trends.groupMin.district': { vi: 'Số huyện của nhóm nhỏ nhất', en: 'Districts in the smallest group' },
  'trends.groupMax.commune': { vi: 'Số xã của nhóm lớn nhất', en: 'Communes in the largest group' },
  'trends.groupMax.district': { vi: 'Số huyện của nhóm lớn nhất', en: 'Districts in the largest group' },
  'trends.groupsHold.same': { vi: '{groups} gồm {localities}, mỗi nhóm {size}.', en: '{groups} holding {localities}, {size} each.' },
  'trends.groupsHold.range': { vi: '{groups} gồm {localities}, mỗi nhóm từ {min} đến {max}.', en: '{groups} holding {localities}, of {min} to {max} each.' },
  'trends.noGroups': { vi: 'Không có nhóm đánh giá chung: mọi {unit} đều được đánh giá riêng.', en: 'No groups: every {unit} is assessed alone.' },
  'trends.groupsWhy': {
    vi: 'Các {units} trong cùng một nhóm được đánh giá chung vì chỉ xác định được chính xác địa giới năm {year} của cả nhóm, chưa tách được cho từng {unit}. Kết quả của nhóm không phải là kết quả riêng của từng {unit}.',
    en: "The {units} of a group are assessed together because only their combined {year} territory is known exactly, not that of each {unit}. A group's verdict is not a verdict on each {unit} in it.",
  },
  'trends.aloneShare': { vi: 'Tỷ lệ {units} được đánh giá riêng: {pct} ({alone}/{total}).', en: 'Share of {units} assessed alone: {pct} ({alone} of {total}).' },
  'trends.aloneSharePct': { vi: 'Tỷ lệ {units} được đánh giá riêng (%)', en: 'Share of {units} assessed alone (%)' },
  'trends.province': {
    vi: 'Toàn tỉnh ({name}): {current} năm {year} so với {baseline} năm {baselineYear} ({change}). Kết quả: {outcome}.',
    en: 'The province as a whole ({name}): {current} in {year} against {baseline} in {baselineYear} ({change}). Outcome: {outcome}.',
  },
  'trends.provinceNoFigure': { vi: 'Toàn tỉnh ({name}): {outcome}.', en: 'The province as a whole ({name}): {outcome}.' },
  'trends.provinceRow': { vi: 'Toàn tỉnh', en: 'The province as a whole' },
  'trends.failing.commune': { vi: 'Xã, nhóm xã chưa đạt mức giảm, theo mức thiếu hụt', en: 'Communes and groups of communes below the cut, by gap' },
  'trends.failing.district': { vi: 'Huyện, nhóm huyện chưa đạt mức giảm, theo mức thiếu hụt', en: 'Districts and groups of districts below the cut, by gap' },
  'trends.groupList.commune': { vi: 'Các nhóm xã đánh giá chung', en: 'Groups of communes assessed together' },
  'trends.groupList.district': { vi: 'Các nhóm huyện đánh giá chung', en: 'Groups of districts assessed together' },
  'trends.gap.commune': { vi: 'Thông tin cần bổ sung để đánh giá riêng từng xã', en: 'How to close the gap: the facts that would let each commune be assessed alone' },
  'trends.gap.district': { vi: 'Thông tin cần bổ sung để đánh giá riêng từng huyện', en: 'How to close the gap: the facts that would let each district be assessed alone' },
  'trends.gap.intro': {
    vi: 'Ghi nhận các thông tin dưới đây, kèm nguồn, sẽ tách được các nhóm liên quan. Trong mỗi lệnh, thay các giá trị trong dấu ngoặc nhọn bằng thông tin thực tế.',
    en: 'Recording the facts below, with their sources, splits the groups concerned. In each command, replace the values in angle brackets.',
  },
  'trends.gap.import': {
    vi: 'Có thể nhập nhiều thông tin cùng lúc từ tệp CSV hoặc JSON bằng lệnh {command} (các cột của tệp được mô tả tại docs/cli.md).',
    en: 'Facts can also be imported from a CSV or JSON file with {command} (its columns are documented in docs/cli.md).',
  },
  'trends.gap.importFile': { vi: '<tệp>', en: '<file>' },
  'trends.gap.noCommand': { vi: 'Không ghi nhận được bằng lệnh', en: 'Cannot be recorded' },
  'trends.sources': { vi: 'Nguồn tài liệu về sắp xếp đơn vị hành chính làm căn cứ tính số liệu', en: 'Sources: the reorganisation facts the figures rest on' },
  'trends.undecided.commune': { vi: 'Xã, nhóm xã chưa có kết quả đánh giá và lý do', en: 'Communes and groups of communes without a verdict, and why' },
  'trends.undecided.district': { vi: 'Huyện, nhóm huyện chưa có kết quả đánh giá và lý do', en: 'Districts and groups of districts without a verdict, and why' },
  'trends.groupNo': { vi: 'Nhóm {n}', en: 'Group {n}' },
  'trends.groupRef': { vi: 'nhóm {n}', en: 'group {n}' },
  'trends.groupOf': { vi: 'Nhóm {size}: {names}', en: 'Group of {size}: {names}' },
  'trends.assessedAlone': { vi: 'Đánh giá riêng', en: 'Assessed alone' },
  'trends.assessedInGroup': { vi: 'Đánh giá chung trong nhóm {group}', en: 'Assessed with its group {group}' },
  'trends.metric': { vi: 'Chỉ số', en: 'Metric' },

  // Missing lineage facts, by kind
  'missingFact.receiver': { vi: 'Chưa xác định đơn vị tiếp nhận', en: 'Receiver not identified' },
  'missingFact.shares': { vi: 'Chưa xác định tỷ lệ chia', en: 'Shares not known' },
  'missingFact.day_within_half_month': { vi: 'Thay đổi địa giới giữa kỳ nửa tháng', en: 'Territory changed within a half-month' },

  // Counted things: `{n} xã`, `{n} communes` (see countText)
  'noun.commune': { vi: 'xã', en: 'communes' },
  'noun.commune.one': { vi: 'xã', en: 'commune' },
  'noun.district': { vi: 'huyện', en: 'districts' },
  'noun.district.one': { vi: 'huyện', en: 'district' },
  'noun.group': { vi: 'nhóm', en: 'groups' },
  'noun.group.one': { vi: 'nhóm', en: 'group' },
  'noun.case': { vi: 'vụ', en: 'cases' },
  'noun.case.one': { vi: 'vụ', en: 'case' },
  'noun.unit': { vi: 'đơn vị đánh giá', en: 'units of assessment' },
  'noun.unit.one': { vi: 'đơn vị đánh giá', en: 'unit of assessment' },
  'noun.fact': { vi: 'thông tin', en: 'facts' },
  'noun.fact.one': { vi: 'thông tin', en: 'fact' },
  'noun.source': { vi: 'nguồn', en: 'sources' },
  'noun.source.one': { vi: 'nguồn', en: 'source' },

  // Charts
  'chart.attainment.title': { vi: 'Tỷ lệ đơn vị được công nhận đạt chuẩn theo năm', en: 'Share of units recognised, per year' },
  'chart.crime.title': { vi: '{metric}: số vụ theo năm', en: '{metric}: cases per year' },
  'chart.target': { vi: 'Mục tiêu', en: 'Target' },
  'chart.recognised': { vi: 'Được công nhận', en: 'Recognised' },
  'chart.computed': { vi: 'Đạt theo dữ liệu', en: 'Meets the rule on the data' },
  'chart.notAssessable': { vi: 'Không đánh giá được', en: 'Not assessable' },
  'chart.unchanged': { vi: 'không thay đổi', en: 'no change' },
  'chart.notAssessableShort': { vi: '–', en: '–' },
  'chart.baseline': { vi: 'Năm gốc {year}: {value}', en: 'Baseline {year}: {value}' },
  'crime.baselineRow': { vi: 'Năm gốc', en: 'Baseline' },
  'chart.cutLevel': { vi: 'Mức giảm {pct}: {value}', en: '{pct} cut: {value}' },
  'chart.noData': { vi: 'Không có số liệu', en: 'No data' },
  'chart.noBaseline': { vi: 'Không có số liệu năm gốc {year}', en: 'No baseline figure for {year}' },
  'chart.noValue': { vi: 'Không có số liệu / không so sánh được', en: 'No data / not comparable' },
  'chart.mapEmpty': { vi: 'Không có ranh giới để vẽ bản đồ', en: 'No boundaries to draw' },
  'chart.percentAxis': { vi: 'Tỷ lệ (%)', en: 'Share (%)' },

  // Miscellaneous
  'misc.none': { vi: 'Không có', en: 'None' },
  'misc.changed': { vi: 'Đã thay đổi', en: 'Changed' },
  'misc.unchanged': { vi: 'Không đổi', en: 'Unchanged' },
  'misc.showing': {
    vi: 'Hiển thị {n}/{total} {what}; danh sách đầy đủ có trong tệp CSV và JSON của báo cáo.',
    en: "Showing {n} of {total} {what}; the full list is in the report's CSV and JSON files.",
  },
  'misc.lastAssessableYear': { vi: 'Năm cuối đánh giá được: {year}', en: 'Last assessable year: {year}' },
  'misc.pace': { vi: 'Tốc độ cần {required}/năm, thực tế {observed}/năm', en: 'Pace needed {required}/yr, observed {observed}/yr' },
  'misc.generatedBy': { vi: 'Lập bằng ntm-antt', en: 'Generated with ntm-antt' },
  'misc.asFiledNote': { vi: 'Đã báo cáo: {value}', en: 'As filed: {value}' },
  'misc.baselineYear': { vi: 'Năm gốc {year}', en: 'Baseline {year}' },
  'misc.baselineNote': { vi: 'Năm gốc {year}: {value}', en: 'Baseline {year}: {value}' },
  'misc.page': { vi: 'Báo cáo an ninh, trật tự trong xây dựng nông thôn mới', en: 'Security and order in New Rural Development: report' },
  'misc.timeZone': { vi: 'UTC+7', en: 'UTC+7' },
} as const satisfies Record<string, { readonly vi: string; readonly en: string }>;

/**
 * A key of {@link LABELS}.
 */
export type LabelKey = keyof typeof LABELS;

/**
 * The label for `key` in `lang` (Vietnamese by default), with `{name}`
 * placeholders replaced from `params`.
 *
 * @example
 * ```ts
 * label('status.met');                                 // 'Đạt'
 * label('status.not_assessable', 'en');                // 'Not assessable'
 * label('section.diff', 'en', { date: '2025-01-20' }); // 'As filed on 2025-01-20 vs today'
 * ```
 */
export function label(key: LabelKey, lang: Lang = 'vi', params?: Readonly<Record<string, string | number>>): string {
  const text: string = LABELS[key][lang];
  if (params === undefined) return text;
  return text.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

/**
 * The label of a target status.
 *
 * @example
 * ```ts
 * statusLabel('on_track');       // 'Đúng tiến độ'
 * statusLabel('on_track', 'en'); // 'On track'
 * ```
 */
export function statusLabel(status: ReportTargetStatus, lang: Lang = 'vi'): string {
  return label(`status.${status}`, lang);
}

/**
 * The label of a comparison outcome.
 *
 * @example
 * ```ts
 * outcomeLabel('not_comparable'); // 'Không so sánh được'
 * outcomeLabel('baseline_zero', 'en'); // 'Baseline is zero'
 * ```
 */
export function outcomeLabel(outcome: ReportOutcome, lang: Lang = 'vi'): string {
  return label(`outcome.${outcome}`, lang);
}

function has(key: string): key is LabelKey {
  return Object.prototype.hasOwnProperty.call(LABELS, key);
}

/**
 * The label of a report recipient (`provincial-peoples-committee`,
 * `ministry-of-public-security`, `other`); any other text is returned as is.
 *
 * @example
 * ```ts
 * recipientLabel('ministry-of-public-security'); // 'Bộ Công an'
 * recipientLabel('Sở Tư pháp');                  // 'Sở Tư pháp'
 * ```
 */
export function recipientLabel(recipient: string, lang: Lang = 'vi'): string {
  const key = `recipient.${recipient}`;
  return has(key) ? label(key, lang) : recipient;
}

/**
 * The short name of a criteria set (`commune-standard-2021` → `Xã NTM`), or
 * `fallback` (else the id itself) for a set without a label.
 *
 * @example
 * ```ts
 * setLabel('district-advanced-2021', 'en'); // 'Advanced NTM districts'
 * setLabel('commune-2026', 'vi', 'Xã NTM 2026-2030'); // 'Xã NTM 2026-2030'
 * ```
 */
export function setLabel(set: string, lang: Lang = 'vi', fallback?: string): string {
  const key = `set.${set}`;
  return has(key) ? label(key, lang) : (fallback ?? set);
}

/** Things counted in report texts: `xã`, `huyện`, `nhóm`, `vụ`, … (see {@link countText}). */
export type Noun = 'commune' | 'district' | 'group' | 'case' | 'unit' | 'fact' | 'source';

/**
 * The noun for counted things in `lang`: Vietnamese has one form
 * (`xã`), English a singular and a plural (`commune`, `communes`).
 *
 * @example
 * ```ts
 * nounText('group', 'en');    // 'groups'
 * nounText('group', 'en', 1); // 'group'
 * nounText('commune');        // 'xã'
 * ```
 */
export function nounText(noun: Noun, lang: Lang = 'vi', n?: number): string {
  return n === 1 ? label(`noun.${noun}.one`, lang) : label(`noun.${noun}`, lang);
}

/**
 * A count with its unit, formatted for `lang`: `1.319 vụ`, `8 xã`,
 * `1 group`, `24 communes`. A missing count gives {@link MISSING} alone.
 *
 * @example
 * ```ts
 * countText(1319, 'case');        // '1.319 vụ'
 * countText(1, 'group', 'en');    // '1 group'
 * countText(24, 'commune', 'en'); // '24 communes'
 * ```
 */
export function countText(n: number | null | undefined, noun: Noun, lang: Lang = 'vi'): string {
  const text = formatNumber(n, lang);
  return text === MISSING ? text : `${text} ${nounText(noun, lang, n ?? undefined)}`;
}

/** Options of {@link formatNumber}. */
export interface NumberFormat {
  /** Digits after the decimal separator at most (default 2); trailing zeros are dropped down to `minDecimals`. */
  readonly maxDecimals?: number;
  /** Digits after the decimal separator at least (default 0). */
  readonly minDecimals?: number;
  /** Prefix positive numbers with `+` (for changes). */
  readonly signed?: boolean;
}

/**
 * The text for a missing number.
 *
 * @example
 * ```ts
 * formatNumber(null) === MISSING; // true
 * ```
 */
export const MISSING = '–';

/**
 * A target's shortfall with its unit, blank when the target is met (nothing
 * is missing): percentage points for a share, and for the other targets the
 * localities, groups or comparisons still short.
 *
 * @example
 * ```ts
 * shortfallText({ kind: 'shareRecognised', status: 'at_risk', gap: 8.29 }, 'vi'); // '8,29 điểm %'
 * shortfallText({ kind: 'reductionVsBaseline', status: 'not_met', gap: 45 }, 'en'); // '45 units'
 * ```
 */
export function shortfallText(t: { readonly kind: string; readonly status: string; readonly gap: number | null; readonly targetPercent?: number | null }, lang: Lang): string {
  if (t.status === 'met' || t.gap === null || !Number.isFinite(t.gap) || t.gap <= 0) return '';
  const n = formatNumber(t.gap, lang);
  if (t.kind === 'shareRecognised') return t.targetPercent === null ? `${n} ${lang === 'vi' ? 'đơn vị' : 'units'}` : `${n} ${lang === 'vi' ? 'điểm %' : 'pp'}`;
  if (t.kind === 'yearOnYearReduction') return `${n} ${lang === 'vi' ? 'so sánh' : t.gap === 1 ? 'comparison' : 'comparisons'}`;
  return `${n} ${lang === 'vi' ? 'đơn vị đánh giá' : t.gap === 1 ? 'unit' : 'units'}`;
}

/**
 * Formats a number for display: Vietnamese `1.319,5`, English `1,319.5`.
 * `null`, `NaN` and infinities give {@link MISSING}; the minus sign is the
 * ASCII hyphen-minus, so the text pastes into spreadsheets.
 *
 * @example
 * ```ts
 * formatNumber(1319);                  // '1.319'
 * formatNumber(1319, 'en');            // '1,319'
 * formatNumber(87.2149);               // '87,21'
 * formatNumber(-12.5, 'vi', { signed: true }); // '-12,5'
 * formatNumber(3, 'en', { signed: true, minDecimals: 1 }); // '+3.0'
 * ```
 */
export function formatNumber(x: number | null | undefined, lang: Lang = 'vi', options: NumberFormat = {}): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return MISSING;
  const maxDecimals = Math.max(0, Math.min(10, options.maxDecimals ?? 2));
  const minDecimals = Math.max(0, Math.min(maxDecimals, options.minDecimals ?? 0));
  let fixed = Math.abs(x).toFixed(maxDecimals);
  if (fixed.includes('e')) return String(x);
  let [intPart = '0', frac = ''] = fixed.split('.');
  while (frac.length > minDecimals && frac.endsWith('0')) frac = frac.slice(0, -1);
  fixed = frac === '' ? intPart : `${intPart}.${frac}`;
  const isZero = /^[0.]*$/.test(fixed);
  const thousands = lang === 'vi' ? '.' : ',';
  const decimal = lang === 'vi' ? ',' : '.';
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
  const body = frac === '' ? grouped : `${grouped}${decimal}${frac}`;
  const sign = isZero ? '' : x < 0 ? '-' : options.signed === true ? '+' : '';
  return sign + body;
}

/**
 * Formats a percentage: `87,21 %` (Vietnamese) or `87.21 %` (English).
 *
 * @example
 * ```ts
 * formatPercent(87.21);              // '87,21 %'
 * formatPercent(87.21, 'en');        // '87.21 %'
 * formatPercent(-5, 'vi', { signed: true }); // '-5 %'
 * formatPercent(null);               // '–'
 * ```
 */
export function formatPercent(x: number | null | undefined, lang: Lang = 'vi', options: NumberFormat = {}): string {
  const n = formatNumber(x, lang, options);
  return n === MISSING ? n : `${n} %`;
}

/**
 * Rewrites the numbers of a display string written the English way
 * (`1,319.5`, `87.21 %`) the Vietnamese way (`1.319,5`, `87,21 %`); English
 * returns the text unchanged. Whole numbers without separators (years,
 * counts like `409/469`) are left alone.
 *
 * @example
 * ```ts
 * localiseNumbers('87.21 % (409/469)', 'vi'); // '87,21 % (409/469)'
 * localiseNumbers('1,319 cases', 'vi');       // '1.319 cases'
 * localiseNumbers('87.21 %', 'en');           // '87.21 %'
 * ```
 */
export function localiseNumbers(text: string, lang: Lang): string {
  if (lang === 'en') return text;
  return text.replace(/(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\d.,]*\d)/g, (m) =>
    m.replace(/[.,]/g, (c) => (c === '.' ? ',' : '.')),
  );
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Vietnam has used UTC+7 all year since 1975. */
const VN_OFFSET_MS = 7 * 3600 * 1000;

function dateText(y: string, m: string, d: string, lang: Lang): string {
  if (lang === 'vi') return `${d}/${m}/${y}`;
  return `${Number(d)} ${EN_MONTHS[Number(m) - 1] ?? m} ${y}`;
}

function vnParts(iso: string): { y: string; m: string; d: string; hh: string; mm: string } | null {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return null;
  const s = new Date(t + VN_OFFSET_MS).toISOString();
  return { y: s.slice(0, 4), m: s.slice(5, 7), d: s.slice(8, 10), hh: s.slice(11, 13), mm: s.slice(14, 16) };
}

/**
 * Formats an ISO date (`2025-12-31`) or time as a date: `31/12/2025`
 * (Vietnamese) or `31 Dec 2025` (English). Times are read in Vietnam time
 * (UTC+7). Text that is not a date is returned unchanged.
 *
 * @example
 * ```ts
 * formatDate('2025-12-31');              // '31/12/2025'
 * formatDate('2025-12-31', 'en');        // '31 Dec 2025'
 * formatDate('2025-01-19T20:00:00Z');    // '20/01/2025'
 * ```
 */
export function formatDate(iso: string | null | undefined, lang: Lang = 'vi'): string {
  if (iso === null || iso === undefined || iso === '') return MISSING;
  const d = DATE_ONLY.exec(iso);
  if (d !== null) return dateText(d[1]!, d[2]!, d[3]!, lang);
  const p = vnParts(iso);
  return p === null ? iso : dateText(p.y, p.m, p.d, lang);
}

/**
 * Formats an ISO time in Vietnam time (UTC+7): `20/01/2025 07:00 (UTC+7)`. A plain date, or a time at local midnight, gives the date only.
 *
 * @example
 * ```ts
 * formatDateTime('2025-01-20T00:00:00Z');        // '20/01/2025 07:00 (UTC+7)'
 * formatDateTime('2025-01-20T00:00:00+07:00', 'en'); // '20 Jan 2025'
 * formatDateTime('2025-01-20');                  // '20/01/2025'
 * ```
 */
export function formatDateTime(iso: string | null | undefined, lang: Lang = 'vi'): string {
  if (iso === null || iso === undefined || iso === '') return MISSING;
  if (DATE_ONLY.test(iso)) return formatDate(iso, lang);
  const p = vnParts(iso);
  if (p === null) return iso;
  const date = dateText(p.y, p.m, p.d, lang);
  if (p.hh === '00' && p.mm === '00') return date;
  return `${date} ${p.hh}:${p.mm} (${label('misc.timeZone', lang)})`;
}

/**
 * The attested facts and unit lists that the built-in criteria refer to: a
 * glossary for whoever records `FactAttested` events or list memberships.
 * Data only; the evaluator knows none of these ids.
 *
 * @module
 */
import type { LocalizedText } from '../rule.js';

/** A fact that can be attested for a unit and period. */
export interface FactInfo {
  readonly id: string;
  readonly title: LocalizedText;
  /** What a `true` value means, and where the condition comes from. */
  readonly source: string;
  /** `false` when the condition behind it comes from unverified text. */
  readonly verified: boolean;
}

/** A list of units (e.g. key/complex communes). */
export interface ListInfo {
  readonly id: string;
  readonly title: LocalizedText;
  readonly source: string;
  readonly verified: boolean;
}

const f = (id: string, vi: string, en: string, source: string, verified: boolean): FactInfo => ({ id, title: { vi, en }, source, verified });

/**
 * The facts the built-in catalogue asks to be attested.
 *
 * @example
 * ```ts
 * BUILT_IN_FACTS.find((x) => x.id === 'effective-movement-model')?.verified; // true
 * ```
 */
export const BUILT_IN_FACTS: readonly FactInfo[] = Object.freeze([
  f(
    'q1-registration-residential',
    'Quý I: chi bộ ra nghị quyết, khu dân cư đăng ký, 100% hộ gia đình đăng ký',
    'Q1: the Party cell passes a resolution, the area registers, 100% of households register',
    'TT 124/2021/TT-BCA Art. 4(1) [V]',
    true,
  ),
  f(
    'law-and-rules-implemented',
    'Thực hiện đầy đủ chủ trương, chính sách, pháp luật, quy định của địa phương về ANTT',
    'Policy, law and local ANTT rules fully implemented',
    'TT 124/2021/TT-BCA Art. 4(2) [V]',
    true,
  ),
  f(
    'serious-accident-subjective-cause',
    'Xảy ra cháy, nổ, tai nạn giao thông, tai nạn lao động nghiêm trọng do nguyên nhân chủ quan',
    'A serious fire, explosion, traffic or work accident from subjective causes occurred',
    'TT 124/2021/TT-BCA Art. 4(4) [U]',
    false,
  ),
  f('social-evils-controlled', 'Ma túy, tệ nạn xã hội được kiềm chế', 'Drugs and social evils kept under control', 'TT 124/2021/TT-BCA Art. 4(4) [U]', false),
  f('self-management-groups-active', 'Các tổ tự quản hoạt động có hiệu quả', 'Self-management groups active', 'TT 124/2021/TT-BCA Art. 4(5) [U]', false),
  f(
    'reintegration-support',
    'Giúp đỡ người chấp hành xong án phạt tù tái hòa nhập cộng đồng',
    'People released from prison helped to reintegrate',
    'TT 124/2021/TT-BCA Art. 4(5) [U]',
    false,
  ),
  f(
    'q1-resolution-plan-registration',
    'Quý I: Đảng ủy ra nghị quyết, UBND xây dựng kế hoạch về ANTT và đăng ký',
    'Q1: Party-committee resolution, People\'s Committee ANTT plan, registration',
    'TT 124/2021/TT-BCA Art. 5 [V]',
    true,
  ),
  f(
    'effective-movement-model',
    'Có ít nhất 01 mô hình phong trào toàn dân bảo vệ an ninh Tổ quốc hoạt động hiệu quả',
    'At least one effective "All people protect national security" movement model',
    'TT 124/2021/TT-BCA Art. 5 [V]',
    true,
  ),
  f('commune-police-proactive', 'Công an xã chủ động tham mưu, thực hiện nhiệm vụ', 'Commune police proactive in their tasks', 'TT 124/2021/TT-BCA Art. 5 [V]', true),
  f(
    'police-officer-disciplined',
    'Có cán bộ, chiến sĩ Công an xã bị xử lý kỷ luật',
    'A commune police officer was disciplined',
    'TT 124/2021/TT-BCA Art. 5 [V] (the condition is that none was)',
    true,
  ),
  f('effective-antt-model', 'Có mô hình về ANTT hoạt động hiệu quả', 'An effective ANTT model operates', '318/QĐ-TTg advanced indicator 19.2 [U]', false),
  f('commune-police-role-promoted', 'Phát huy vai trò của Công an xã chính quy', 'The role of the regular commune police is promoted', '318/QĐ-TTg advanced indicator 19.2 [U]', false),
  f('antt-outstanding-field', 'Đạt các điều kiện lĩnh vực nổi trội về ANTT do tỉnh quy định', 'Meets the province\'s conditions for the ANTT outstanding field', '319/QĐ-TTg [U]', false),
  f(
    'district-advanced-antt-conditions',
    'Đạt các điều kiện về ANTT của chỉ tiêu 9.1 huyện NTM nâng cao',
    'Meets the ANTT conditions of advanced-district indicator 9.1',
    '320/QĐ-TTg advanced indicator 9.1 [U]',
    false,
  ),
]);

/**
 * The unit lists the built-in catalogue refers to.
 *
 * @example
 * ```ts
 * BUILT_IN_LISTS[0].id; // 'key-complex-antt'
 * ```
 */
export const BUILT_IN_LISTS: readonly ListInfo[] = Object.freeze([
  {
    id: 'key-complex-antt',
    title: { vi: 'Danh sách xã trọng điểm, phức tạp về an ninh, trật tự', en: 'List of key/complex ANTT communes' },
    source: 'Decided by the Minister of Public Security (additions and removals) [V]',
    verified: true,
  },
]);

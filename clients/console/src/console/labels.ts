// The Chinese names of the schema's enums (the English in `title`).
export const AREA_KIND: Record<string, [string, string]> = {
  DISTRICT: ['区', 'District'],
  STREET: ['街道', 'Street'],
  TOWN: ['镇', 'Town'],
  COMMUNITY: ['社区', 'Community'],
  VILLAGE: ['村', 'Village'],
  GRID: ['网格', 'Grid'],
  BUILDING: ['楼栋', 'Building'],
};

export const POINT_KIND: Record<string, [string, string]> = {
  PARTY_MASS_CENTRE: ['党群服务中心', 'Party-mass service centre'],
  ELDERLY_CARE: ['养老服务中心', 'Elderly-care centre'],
  HEALTH_STATION: ['卫生服务站', 'Health station'],
  PRACTICE_STATION: ['新时代文明实践站', 'Civilization practice station'],
  BOOKHOUSE: ['先锋书屋', 'Pioneer bookhouse'],
  WOMENS_HOME: ['妇女之家', "Women's home"],
  YOUTH_ROOM: ['四点半课堂', 'After-school room'],
  WORKERS_STATION: ['职工阳光家园', "Workers' station"],
  CULTURAL_ROOM: ['文体活动室', 'Culture and sports room'],
};

export const BOOKING_STATE: Record<string, [string, string]> = {
  CONFIRMED: ['已确认', 'Confirmed'],
  WAITLISTED: ['候补中', 'Waitlisted'],
  OFFERED: ['候补递补待确认', 'Offered'],
  CANCELLED: ['已取消', 'Cancelled'],
  CHECKED_IN: ['已签到', 'Checked in'],
  COMPLETED: ['已完成', 'Completed'],
  NO_SHOW: ['爽约', 'No-show'],
  EXPIRED: ['已过期', 'Expired'],
};

export const ROLE: Record<string, [string, string]> = {
  RESIDENT: ['居民', 'Resident'],
  PARTY_MEMBER: ['党员', 'Party member'],
  GRID_WORKER: ['网格员', 'Grid worker'],
  BRANCH_SECRETARY: ['支部书记', 'Branch secretary'],
  COMMUNITY_ADMIN: ['社区管理员', 'Community admin'],
  STREET_ADMIN: ['街道管理员', 'Street admin'],
  DISTRICT_ADMIN: ['区管理员', 'District admin'],
  ANALYST: ['分析员', 'Analyst'],
  PARTNER: ['合作单位', 'Partner'],
  SERVICE_STAFF: ['服务人员', 'Service staff'],
  BUILDING_LEADER: ['楼栋长', 'Building leader'],
};

export const GENDER: Record<string, [string, string]> = { MALE: ['男', 'Male'], FEMALE: ['女', 'Female'] };

export const MEMBER_STATUS: Record<string, [string, string]> = {
  PROBATIONARY: ['预备党员', 'Probationary member'],
  FULL: ['正式党员', 'Full member'],
};

export const MEMBER_CATEGORY: Record<string, [string, string]> = {
  IN_SERVICE: ['在职党员', 'In service'],
  RETIRED: ['离退休党员', 'Retired'],
  YOUNG_GRADUATE: ['青年毕业生党员', 'Young graduate'],
  FLOWING: ['流动党员', 'Flowing'],
  ELDERLY_INFIRM: ['年老体弱党员', 'Elderly or infirm'],
};

export const SCOPE: Record<string, [string, string]> = {
  PEOPLE_READ: ['人员信息（读）', 'people:read'],
  PARTY_READ: ['党员信息（读）', 'party:read'],
  SERVICES_READ: ['服务预约（读）', 'services:read'],
  SERVICES_BOOK: ['服务预约（办理）', 'services:book'],
};

export const PURPOSE: Record<string, [string, string]> = {
  HEALTH_CHECK: ['免费体检', 'Health check'],
  HOME_CARE: ['居家养老上门服务', 'Home care'],
};

export const SERVICE_MODE: Record<string, [string, string]> = {
  ON_SITE: ['现场服务', 'On site'],
  OFF_PEAK: ['错时服务', 'Off-peak'],
  EXTENDED_HOURS: ['延时服务', 'Extended hours'],
  APPOINTMENT: ['预约服务', 'By appointment'],
  HOME_VISIT: ['上门服务', 'Home visit'],
};

// Synthetic cities: see include/furong/synth.hpp. Everything here is synthetic data.
//
// Portability of the output: only integer arithmetic feeds any decision. Probabilities are
// compared as 53-bit integers (share * 2^53 is exact), compound sizes come from a fixed
// table of lognormal quantiles, bounded draws use rejection (no std::*_distribution).

#include <furong/synth.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace furong::synth {
namespace {

// ---- random numbers -------------------------------------------------------------------

std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/// xoshiro256** (Blackman and Vigna), seeded through splitmix64; one stream per purpose.
class rng {
public:
    rng(std::uint64_t seed, std::uint64_t stream) {
        std::uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ull);
        for (auto& w : s_) w = splitmix64(x);
    }
    std::uint64_t next() noexcept {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    /// Uniform in [0, n), n >= 1, unbiased (rejects the first 2^64 mod n values).
    std::uint64_t below(std::uint64_t n) noexcept {
        const std::uint64_t reject = (0 - n) % n;
        for (;;) {
            std::uint64_t x = next();
            if (x >= reject) return x % n;
        }
    }
    /// Uniform in [lo, hi], lo <= hi.
    std::int64_t between(std::int64_t lo, std::int64_t hi) noexcept {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }
    /// True with probability threshold / 2^53 (see probability()).
    bool chance(std::uint64_t threshold) noexcept { return (next() >> 11) < threshold; }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4];
};

/// A share in [0, 1] as a 53-bit threshold for rng::chance (exact: scaling by 2^53).
std::uint64_t probability(double share) { return static_cast<std::uint64_t>(share * 9007199254740992.0); }

// ---- ids and names --------------------------------------------------------------------

/// A small buffer holding one id such as "h12345" (formatted with std::to_chars).
class id_buffer {
public:
    std::string_view set(std::string_view prefix, std::uint64_t n) noexcept {
        std::memcpy(buf_, prefix.data(), prefix.size());
        auto r = std::to_chars(buf_ + prefix.size(), buf_ + sizeof buf_, n);
        len_ = static_cast<std::size_t>(r.ptr - buf_);
        return view();
    }
    std::string_view view() const noexcept { return {buf_, len_}; }

private:
    char buf_[32];
    std::size_t len_ = 0;
};

/// Builds names from pieces without allocating in the loops.
class name_buffer {
public:
    name_buffer& clear() noexcept { len_ = 0; return *this; }
    name_buffer& add(std::string_view s) noexcept {
        std::size_t n = std::min(s.size(), sizeof buf_ - len_);
        std::memcpy(buf_ + len_, s.data(), n);
        len_ += n;
        return *this;
    }
    name_buffer& add(std::uint64_t n) noexcept {
        auto r = std::to_chars(buf_ + len_, buf_ + sizeof buf_, n);
        if (r.ec == std::errc()) len_ = static_cast<std::size_t>(r.ptr - buf_);
        return *this;
    }
    std::string_view view() const noexcept { return {buf_, len_}; }

private:
    char buf_[128];
    std::size_t len_ = 0;
};

constexpr std::array<std::string_view, 13> street_names{
    "Wenyilu", "Chaoyangjie", "Jiucaiyuan", "Wulipai", "Huoxing", "Mawangdui", "Dongtundu",
    "Xianghu", "Dingwangtai", "Donghu", "Dongan", "Hehuayuan", "Mapoling"};

constexpr std::array<std::string_view, 40> place_words{
    "Mawang", "Jinshali", "Fanhou", "Liuzheng", "Baonan", "Dongpailou", "Fengquan", "Hualongchi",
    "Zoumalou", "Huangni", "Nanyang", "Shizili", "Wenyi", "Xiangfu", "Qiaozhuang", "Nanyuan",
    "Chaoyang", "Wuyi", "Xiangshao", "Erlipai", "Renmin", "Shuguang", "Tongyin", "Yanshan",
    "Bayiqiao", "Rongyuan", "Lingxiao", "Ziwei", "Yuegui", "Longbai", "Tantouping", "Guhan",
    "Yangjiashan", "Hengda", "Heyan", "Dezheng", "Dongfang", "Dongjun", "Binhu", "Longma"};

constexpr std::array<std::string_view, 24> agency_names{
    "Organisation Department", "Propaganda Department", "United Front Department",
    "Political and Legal Affairs Commission", "Civil Affairs Bureau", "Housing and Urban-Rural Development Bureau",
    "Urban Management Bureau", "Public Security Bureau", "Health Commission", "Education Bureau",
    "Human Resources and Social Security Bureau", "Justice Bureau", "Emergency Management Bureau",
    "Market Supervision Bureau", "Finance Bureau", "Development and Reform Bureau",
    "Culture and Tourism Bureau", "Veterans Affairs Bureau", "Ecology and Environment Branch",
    "Commerce Bureau", "Statistics Bureau", "Audit Bureau", "Federation of Trade Unions",
    "Women's Federation"};

constexpr std::array<std::string_view, 24> surnames{
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Zhou", "Wu", "Xu", "Sun",
    "Hu", "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo", "Liang", "Song", "Zheng", "Xie"};
constexpr std::array<std::string_view, 32> given_names{
    "Wei", "Fang", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang", "Yong", "Yan", "Jie",
    "Tao", "Ming", "Chao", "Xiuying", "Hua", "Ping", "Gang", "Guiying", "Hong", "Lan", "Bo",
    "Hui", "Xia", "Dan", "Ling", "Kun", "Rong", "Xin", "Yu", "Ning"};

// ---- resources ------------------------------------------------------------------------

constexpr std::array<std::string_view, 12> resource_names{
    "elderly_canteen", "fire_safety", "reading_corner", "legal_aid", "facility_renovation",
    "community_library", "elevator_installation", "parking_management", "property_mediation",
    "employment_services", "childcare", "health_services"};

/// Resources each compound type needs most (indices into resource_names), by type value.
constexpr std::array<std::array<std::uint8_t, 4>, compound_type_count> preferred_needs{{
    /*none*/ {{0, 1, 2, 3}},
    /*commercial*/ {{8, 7, 9, 2}},   // property disputes, parking, new-employment groups
    /*work_unit*/ {{3, 4, 8, 5}},    // property-rights hand-over, renovation
    /*old*/ {{4, 6, 1, 0}},          // ageing facilities, lifts, fire safety, elderly canteen
    /*resettlement*/ {{9, 10, 2, 11}},  // integration: jobs, childcare, reading, health
}};

// ---- compound sizes -------------------------------------------------------------------

/// Quantiles (i + 0.5) / 256 of a lognormal with sigma 1 and mean 1, times 1000 (mean ~994).
constexpr std::array<std::int32_t, 256> lognormal_q{
    34, 49, 59, 67, 74, 80, 86, 92, 97, 102, 107, 111, 116, 120, 124, 129, 133, 137, 141, 145,
    149, 153, 157, 160, 164, 168, 172, 175, 179, 183, 187, 190, 194, 197, 201, 205, 208, 212,
    216, 219, 223, 226, 230, 234, 237, 241, 244, 248, 252, 255, 259, 263, 266, 270, 274, 277,
    281, 285, 288, 292, 296, 300, 303, 307, 311, 315, 319, 322, 326, 330, 334, 338, 342, 346,
    350, 354, 358, 362, 366, 370, 374, 378, 382, 387, 391, 395, 399, 404, 408, 412, 417, 421,
    425, 430, 434, 439, 443, 448, 452, 457, 462, 467, 471, 476, 481, 486, 491, 496, 501, 506,
    511, 516, 521, 526, 531, 536, 542, 547, 553, 558, 564, 569, 575, 580, 586, 592, 598, 604,
    610, 616, 622, 628, 634, 640, 646, 653, 659, 666, 672, 679, 686, 693, 699, 706, 713, 721,
    728, 735, 742, 750, 757, 765, 773, 781, 789, 797, 805, 813, 821, 830, 838, 847, 856, 865,
    874, 883, 893, 902, 912, 921, 931, 941, 952, 962, 973, 983, 994, 1005, 1017, 1028, 1040,
    1052, 1064, 1076, 1089, 1101, 1114, 1128, 1141, 1155, 1169, 1183, 1198, 1213, 1228, 1244,
    1260, 1276, 1293, 1310, 1327, 1345, 1363, 1382, 1401, 1421, 1441, 1462, 1484, 1506, 1528,
    1551, 1575, 1600, 1626, 1652, 1679, 1707, 1736, 1766, 1797, 1830, 1863, 1898, 1935, 1972,
    2012, 2053, 2097, 2142, 2190, 2240, 2293, 2349, 2408, 2471, 2538, 2609, 2686, 2769, 2858,
    2955, 3061, 3178, 3308, 3452, 3616, 3803, 4020, 4277, 4591, 4986, 5510, 6267, 7542, 10866};

/// Size multiplier per compound type, in percent (old compounds are small).
constexpr std::array<std::int64_t, compound_type_count> type_size_percent{100, 140, 80, 60, 130};

std::int64_t rounded_div(std::int64_t a, std::int64_t b) { return (a + b / 2) / b; }
std::int64_t count_for(std::int64_t households, std::int64_t per) {
    return households == 0 ? 0 : std::max<std::int64_t>(1, rounded_div(households, per));
}

struct planned_compound {
    compound_type type;
    std::int64_t households;
    std::int64_t party;
};

/// A role just filled: who holds it now, and since when.
struct holder {
    index_t person = no_index;
    validity valid;
};

// ---- the generator --------------------------------------------------------------------

class builder {
public:
    explicit builder(const city_options& o)
        : o_(o), structure_(o.seed, 1), links_(o.seed, 2), dates_(o.seed, 3), people_(o.seed, 4),
          res_(o.seed, 5), contacts_(o.seed, 6), first_(day_of(o.first_date)), last_(day_of(o.last_date)),
          p_uncovered_(probability(o.uncovered_share)), p_owners_(probability(o.owners_committee_share)),
          p_owners_old_(probability(o.owners_committee_share * 0.4)), p_property_(probability(o.property_share)),
          p_old_property_(probability(o.old_property_share)), p_contact_(probability(o.contact_share)),
          p_pairing_(probability(o.pairing_share)), p_extra_adjacent_(probability(o.extra_adjacent_share)),
          p_vacancy_(probability(o.vacancy_share)), p_one_shoulder_(probability(o.one_shoulder_share)),
          p_need_(probability(o.need_share)), p_ended_(probability(o.ended_share)),
          p_tenth_(probability(0.1)), p_half_(probability(0.5)) {
        const double shares[compound_type_count] = {0, o.share_commercial, o.share_work_unit, o.share_old,
                                                    o.share_resettlement};
        for (std::size_t t = 0; t < compound_type_count; ++t) {
            type_weight_[t] = std::llround(shares[t] * 10000);
            type_weight_sum_ += type_weight_[t];
            size_den_ += type_weight_[t] * type_size_percent[t];
        }
        party_min_ = std::llround(o.party_share_min * 100000);
        party_max_ = std::llround(o.party_share_max * 100000);
    }

    network run() {
        const std::int64_t n = o_.households;
        district_ = net_.add_organisation("furong", org_kind::district, "Furong District");
        net_.set_households(district_, n);
        alliance_ = net_.add_organisation("alliance", org_kind::alliance, "Furong Pioneer Community", "furong");
        for (std::int64_t a = 0; a < o_.agencies; ++a) {
            name_.clear().add("District ").add(agency_names[static_cast<std::size_t>(a) % agency_names.size()]);
            if (a >= static_cast<std::int64_t>(agency_names.size()))
                name_.add(" ").add(static_cast<std::uint64_t>(a / static_cast<std::int64_t>(agency_names.size()) + 1));
            index_t ag = net_.add_organisation(id_.set("ag", static_cast<std::uint64_t>(a + 1)), org_kind::agency,
                                               name_.view(), "furong");
            agencies_.push_back(ag);
            staff(ag, role_kind::unit_contact, false);
        }

        const std::int64_t streets = std::max<std::int64_t>(1, rounded_div(n, o_.households_per_street));
        auto street_households = split(n, streets, 300, structure_);
        for (std::int64_t s = 0; s < streets; ++s) street(s, street_households[static_cast<std::size_t>(s)]);

        units();
        pairings();
        if (o_.resources) resources();
        net_.shrink_to_fit();  // the counts are known only now; spare capacity is up to half
        if (o_.progress) o_.progress(1.0);
        return std::move(net_);
    }

private:
    // ---- draws --------------------------------------------------------------------------
    /// Splits `total` into `parts` parts (sum exact) with weights 1000 +- jitter (per mille).
    static std::vector<std::int64_t> split(std::int64_t total, std::int64_t parts, std::int64_t jitter, rng& r) {
        std::vector<std::int64_t> w(static_cast<std::size_t>(parts)), out(static_cast<std::size_t>(parts));
        std::int64_t sum = 0, given = 0;
        for (auto& x : w) sum += (x = 1000 + r.between(-jitter, jitter));
        for (std::size_t i = 0; i < w.size(); ++i) given += (out[i] = total * w[i] / sum);
        for (std::size_t i = 0; given < total; i = (i + 1) % out.size(), ++given) ++out[i];
        return out;
    }
    compound_type draw_type() {
        std::int64_t x = static_cast<std::int64_t>(structure_.below(static_cast<std::uint64_t>(type_weight_sum_)));
        for (std::size_t t = 1; t < compound_type_count; ++t) {
            if (x < type_weight_[t]) return static_cast<compound_type>(t);
            x -= type_weight_[t];
        }
        return compound_type::old;  // not reached
    }
    std::int64_t draw_size(compound_type t) {
        auto u = structure_.below(256 * 1024);
        std::size_t i = static_cast<std::size_t>(u >> 10);
        std::int64_t frac = static_cast<std::int64_t>(u & 1023);
        std::int64_t q = i + 1 < lognormal_q.size()
                             ? (lognormal_q[i] * (1024 - frac) + lognormal_q[i + 1] * frac) >> 10
                             : lognormal_q[i];
        std::int64_t num = type_size_percent[static_cast<std::size_t>(t)] * type_weight_sum_;
        std::int64_t s = q * o_.compound_mean_households * num / (1000 * size_den_);
        return std::clamp(s, o_.compound_min_households, o_.compound_max_households);
    }
    std::vector<planned_compound> plan_community(std::int64_t households) {
        std::vector<planned_compound> out;
        for (std::int64_t rem = households; rem > 0;) {
            compound_type t = draw_type();
            std::int64_t s = draw_size(t);
            if (rem - s < o_.compound_min_households) s = rem <= o_.compound_max_households ? rem : rem - o_.compound_min_households;
            std::int64_t share = structure_.between(party_min_, party_max_);
            std::int64_t party = (s * share + static_cast<std::int64_t>(structure_.below(100000))) / 100000;
            out.push_back({t, s, party});
            rem -= s;
        }
        return out;
    }

    // ---- dates --------------------------------------------------------------------------
    validity since_in(rng& r, day_t lo, day_t hi) {
        validity v;
        v.since = static_cast<day_t>(r.between(lo, hi));
        return v;
    }
    validity structural() { return since_in(dates_, first_, std::min<day_t>(last_, first_ + 365)); }
    validity programme(rng& r) { return since_in(r, first_, last_); }
    /// An interval that ended before last_date, and its successor from the next day.
    std::pair<validity, validity> ended(rng& r) {
        validity a, b;
        a.since = static_cast<day_t>(r.between(first_, last_ - 1));
        a.until = static_cast<day_t>(r.between(a.since, last_ - 1));
        b.since = a.until + 1;
        return {a, b};
    }

    // ---- people -------------------------------------------------------------------------
    index_t new_person() {
        name_.clear()
            .add(surnames[people_.below(surnames.size())])
            .add(" ")
            .add(given_names[people_.below(given_names.size())]);
        return net_.add_person(pid_.set("p", ++person_count_), name_.view());
    }
    /// Gives `org` a holder of role `r` (possibly after a predecessor whose term ended), or
    /// leaves the post empty with probability vacancy_share when `may_vacate`.
    holder staff(index_t org, role_kind r, bool may_vacate) {
        holder h;
        if (!o_.people) return h;
        if (may_vacate && people_.chance(p_vacancy_)) return h;
        if (people_.chance(p_ended_)) {
            auto [before, after] = ended(people_);
            net_.add_role(new_person(), org, r, before);
            h.valid = after;
        } else {
            h.valid = programme(people_);
        }
        h.person = new_person();
        net_.add_role(h.person, org, r, h.valid);
        return h;
    }

    // ---- links --------------------------------------------------------------------------
    /// A programme link from s to t; with probability ended_share an earlier link from
    /// `s_before` (or to `t_before`) ended and this one started the next day.
    /// (`ends` is drawn by the caller, who only then makes the earlier endpoint.)
    void dated_link(rng& r, bool ends, index_t s, index_t t, link_kind k, index_t s_before, index_t t_before) {
        if (ends) {
            auto [before, after] = ended(r);
            net_.add_link(s_before, t_before, k, before);
            net_.add_link(s, t, k, after);
        } else {
            net_.add_link(s, t, k, programme(r));
        }
    }

    void report() {
        if (!o_.progress || o_.households == 0) return;
        double f = 0.97 * static_cast<double>(done_) / static_cast<double>(o_.households);
        if (f >= next_report_) {
            o_.progress(f);
            next_report_ = f + 0.02;
        }
    }

    // ---- structure ----------------------------------------------------------------------
    struct street_state {
        index_t index = no_index;
        id_buffer id;
        std::vector<index_t> companies;  // regular property companies, created lazily
        index_t district_wide = no_index;
        index_t last_compound = no_index;  // of the previous community, for border adjacency
    };

    void street(std::int64_t s, std::int64_t households) {
        street_state st;
        if (s < static_cast<std::int64_t>(street_names.size()))
            name_.clear().add(street_names[static_cast<std::size_t>(s)]).add(" Street");
        else
            name_.clear().add("Street ").add(static_cast<std::uint64_t>(s + 1));
        st.index = net_.add_organisation(st.id.set("s", static_cast<std::uint64_t>(s + 1)), org_kind::street, name_.view(),
                                         "furong");
        net_.set_households(st.index, households);
        streets_.push_back(st.index);
        if (!agencies_.empty())
            net_.add_link(agencies_[static_cast<std::size_t>(s) % agencies_.size()], st.index, link_kind::liaison,
                          structural());

        const std::int64_t communities = std::max<std::int64_t>(1, rounded_div(households, o_.households_per_community));
        auto community_households = split(households, communities, 300, structure_);
        std::vector<std::vector<planned_compound>> plans;
        std::int64_t non_old = 0;
        for (auto h : community_households) {
            plans.push_back(plan_community(h));
            for (const auto& c : plans.back()) non_old += c.type != compound_type::old;
        }
        st.companies.assign(static_cast<std::size_t>(std::max<std::int64_t>(1, rounded_div(non_old, 6))), no_index);
        for (std::size_t c = 0; c < plans.size(); ++c) community(st, community_households[c], plans[c]);
    }

    index_t company(street_state& st, std::size_t j) {
        if (st.companies[j] == no_index) {
            name_.clear().add(place_words[company_count_ % place_words.size()]).add(" Property Management ").add(company_count_ + 1);
            st.companies[j] = net_.add_organisation(id_.set("pc", ++company_count_), org_kind::property_company,
                                                    name_.view(), st.id.view());
            staff(st.companies[j], role_kind::property_manager, false);
        }
        return st.companies[j];
    }
    index_t district_wide(street_state& st) {
        if (st.district_wide == no_index) {
            name_.clear().add(net_.name(st.index)).add(" District-wide Property");
            st.district_wide = net_.add_organisation(id_.set("pc", ++company_count_), org_kind::property_company,
                                                     name_.view(), st.id.view());
            staff(st.district_wide, role_kind::property_manager, false);
        }
        return st.district_wide;
    }

    index_t team(std::string_view parent_id, index_t parent, std::string_view name, int members) {
        index_t t = net_.add_organisation(id_.set("t", ++team_count_), org_kind::team, name, parent_id);
        net_.add_link(t, parent, link_kind::supports, structural());
        staff(t, role_kind::team_leader, false);
        for (int m = 0; m < members; ++m) staff(t, role_kind::team_member, false);
        return t;
    }

    index_t branch(std::string_view parent_id, std::int64_t party) {
        index_t b = net_.add_organisation(id_.set("br", ++branch_count_), org_kind::branch, "", parent_id);
        net_.set_party_members(b, party);
        return b;
    }

    void community(street_state& st, std::int64_t households, const std::vector<planned_compound>& plan) {
        const std::uint64_t number = ++community_count_;
        id_buffer cid;
        cid.set("c", number);
        name_.clear().add(place_words[(number - 1) % place_words.size()]);
        if (number > place_words.size()) name_.add(" ").add((number - 1) / place_words.size() + 1);
        name_.add(" Community");
        const index_t c = net_.add_organisation(cid.view(), org_kind::community, name_.view(), st.id.view());
        net_.set_households(c, households);
        staff(c, role_kind::community_secretary, false);
        team(cid.view(), c, number % 2 ? "Silver-haired Pioneers" : "Red Grid Deliberators", 2);
        if (!agencies_.empty() && links_.chance(p_tenth_))
            net_.add_link(agencies_[links_.below(agencies_.size())], c, link_kind::liaison, structural());

        // Grids, and the three-level neighbour team: areas -> groups -> neighbourhoods.
        const std::int64_t grids = count_for(households, o_.households_per_grid);
        const std::int64_t areas = count_for(households, o_.households_per_area);
        const std::int64_t groups = count_for(households, o_.households_per_group);
        const std::int64_t hoods = count_for(households, o_.households_per_neighbourhood);
        std::vector<index_t> grid(static_cast<std::size_t>(grids)), hood(static_cast<std::size_t>(hoods));
        for (auto& g : grid) {
            g = net_.add_organisation(id_.set("g", ++grid_count_), org_kind::grid, "", cid.view());
            staff(g, role_kind::grid_worker, false);
        }
        const std::uint64_t first_area = area_count_ + 1, first_group = group_count_ + 1;
        id_buffer parent;
        for (std::int64_t a = 0; a < areas; ++a) {
            index_t x = net_.add_organisation(id_.set("ar", ++area_count_), org_kind::area, "", cid.view());
            staff(x, role_kind::area_leader, true);
        }
        for (std::int64_t g = 0; g < groups; ++g) {
            parent.set("ar", first_area + static_cast<std::uint64_t>(g * areas / groups));
            index_t x = net_.add_organisation(id_.set("gr", ++group_count_), org_kind::group, "", parent.view());
            staff(x, role_kind::group_leader, true);
        }
        for (std::int64_t h = 0; h < hoods; ++h) {
            parent.set("gr", first_group + static_cast<std::uint64_t>(h * groups / hoods));
            hood[static_cast<std::size_t>(h)] =
                net_.add_organisation(id_.set("n", ++hood_count_), org_kind::neighbourhood, "", parent.view());
            staff(hood[static_cast<std::size_t>(h)], role_kind::neighbour_leader, true);
        }

        // Compounds with their own branch, committee, property, buildings and households.
        std::vector<index_t> compounds;
        compounds.reserve(plan.size());
        std::int64_t before = 0;  // households of this community already placed
        id_buffer kid, bid;
        for (const auto& pc : plan) {
            const std::uint64_t kn = ++compound_count_;
            kid.set("k", kn);
            name_.clear().add(place_words[structure_.below(place_words.size())]);
            switch (pc.type) {
                case compound_type::old: name_.add(" Lane "); break;
                case compound_type::commercial: name_.add(" Garden "); break;
                case compound_type::work_unit: name_.add(" Staff Quarters "); break;
                default: name_.add(" Resettlement Homes "); break;
            }
            name_.add(kn);
            const index_t k = net_.add_organisation(kid.view(), org_kind::compound, name_.view(), cid.view());
            net_.set_compound_type(k, pc.type);
            net_.set_households(k, pc.households);
            net_.set_party_members(k, pc.party);
            compounds.push_back(k);
            all_compounds_.push_back(k);

            holder secretary;
            if (pc.party >= 3) {  // built alone (单独建)
                index_t b = branch(kid.view(), pc.party);
                net_.add_link(b, k, link_kind::covers, structural());
                secretary = staff(b, role_kind::branch_secretary, false);
            }
            const bool old = pc.type == compound_type::old;
            if (structure_.chance(old ? p_owners_old_ : p_owners_)) {
                index_t oc = net_.add_organisation(id_.set("oc", ++committee_count_), org_kind::owners_committee, "",
                                                   kid.view());
                net_.add_link(oc, k, link_kind::represents, structural());
                if (secretary.person != no_index && people_.chance(p_one_shoulder_))
                    net_.add_role(secretary.person, oc, role_kind::owners_chair, secretary.valid);  // 一肩挑
                else
                    staff(oc, role_kind::owners_chair, false);
            }
            if (!old && links_.chance(p_property_)) {
                std::size_t j = links_.below(st.companies.size());
                index_t now = company(st, j);
                bool ends = links_.chance(p_ended_);
                index_t earlier = ends ? company(st, (j + 1) % st.companies.size()) : no_index;
                dated_link(dates_, ends, now, k, link_kind::serves, earlier, k);
            }
            if (pc.type == compound_type::resettlement) team(kid.view(), k, "Self-governance Committee", 1);

            // Buildings, in grids by position in the community; households under buildings.
            const std::int64_t size = structure_.between(o_.building_min_households, o_.building_max_households);
            const std::int64_t buildings = std::max<std::int64_t>(1, rounded_div(pc.households, size));
            for (std::int64_t b = 0; b < buildings; ++b) {
                const std::int64_t hb = pc.households / buildings + (b < pc.households % buildings ? 1 : 0);
                const index_t bi = net_.add_organisation(bid.set("b", ++building_count_), org_kind::building, "", kid.view());
                net_.set_households(bi, hb);
                net_.add_link(bi, grid[static_cast<std::size_t>(before * grids / households)], link_kind::in_grid,
                              structural());
                staff(bi, role_kind::building_leader, true);
                if (o_.household_nodes)
                    for (std::int64_t h = 0; h < hb; ++h) {
                        const index_t hi = net_.add_organisation(id_.set("h", ++household_count_), org_kind::household,
                                                                 std::string_view(), bid.view());
                        if (contacts_.chance(p_contact_)) {
                            std::size_t x = static_cast<std::size_t>((before + h) * hoods / households);
                            dated_link(contacts_, contacts_.chance(p_ended_), hi, hood[x], link_kind::contact, hi,
                                       hood[(x + 1) % hood.size()]);
                        }
                    }
                before += hb;
                done_ += hb;
            }
            report();
        }

        // Joint branches (联合建) for runs of small compounds, parent the community.
        std::vector<index_t> run;
        std::int64_t run_party = 0;
        index_t last_joint = no_index;
        for (std::size_t i = 0; i < plan.size(); ++i) {
            if (plan[i].party >= 3 || structure_.chance(p_uncovered_)) continue;
            run.push_back(compounds[i]);
            run_party += plan[i].party;
            if (run_party >= 3 && run.size() >= 2) {
                last_joint = branch(cid.view(), run_party);
                for (index_t k : run) net_.add_link(last_joint, k, link_kind::covers, structural());
                staff(last_joint, role_kind::branch_secretary, false);
                run.clear();
                run_party = 0;
            }
        }
        if (!run.empty() && last_joint != no_index) {  // too few party members: join the last one
            net_.set_party_members(last_joint, net_.organisations().party_members[last_joint] + run_party);
            for (index_t k : run) net_.add_link(last_joint, k, link_kind::covers, structural());
        }  // else left uncovered: a gap for planning to close

        // Old compounds of the community under one district-wide property provider.
        bool any_old = false;
        for (const auto& pc : plan) any_old |= pc.type == compound_type::old;
        if (any_old && links_.chance(p_old_property_)) {
            index_t dw = district_wide(st);
            validity v = programme(dates_);
            for (std::size_t i = 0; i < plan.size(); ++i)
                if (plan[i].type == compound_type::old) net_.add_link(dw, compounds[i], link_kind::serves, v);
        }

        // Adjacency: consecutive compounds, some one further, and across community borders.
        for (std::size_t i = 0; i + 1 < compounds.size(); ++i) {
            net_.add_link(compounds[i], compounds[i + 1], link_kind::adjacent, structural());
            if (i + 2 < compounds.size() && links_.chance(p_extra_adjacent_))
                net_.add_link(compounds[i], compounds[i + 2], link_kind::adjacent, structural());
        }
        if (!compounds.empty()) {
            if (st.last_compound != no_index && links_.chance(p_half_))
                net_.add_link(st.last_compound, compounds.front(), link_kind::adjacent, structural());
            st.last_compound = compounds.back();
        }
    }

    // ---- providers ----------------------------------------------------------------------
    void units() {
        const std::int64_t count = rounded_div(o_.households * o_.units_per_250k_households, 250000);
        // provincial_agency, university, research_institute, state_enterprise, business (%)
        constexpr std::array<std::int64_t, 5> weights{20, 10, 10, 25, 35};
        constexpr std::array<std::string_view, 5> labels{"Provincial Agency", "University", "Research Institute",
                                                         "State Enterprise", "Business"};
        for (std::int64_t u = 0; u < count; ++u) {
            std::int64_t x = structure_.between(0, 99);
            std::size_t t = 0;
            while (x >= weights[t]) x -= weights[t++];
            const bool at_district = t == 0 || streets_.empty();
            index_t parent = at_district ? district_ : streets_[structure_.below(streets_.size())];
            std::string parent_id(net_.id(parent));
            name_.clear().add(place_words[structure_.below(place_words.size())]).add(" ").add(labels[t]).add(" ").add(
                static_cast<std::uint64_t>(u + 1));
            index_t ui = net_.add_organisation(id_.set("u", static_cast<std::uint64_t>(u + 1)), org_kind::unit,
                                               name_.view(), parent_id);
            net_.set_unit_type(ui, static_cast<unit_type>(t + 1));
            net_.add_link(ui, alliance_, link_kind::member, structural());
            staff(ui, role_kind::unit_contact, false);
            units_.push_back(ui);
        }
    }

    void pairings() {
        std::vector<index_t> providers(agencies_);
        providers.insert(providers.end(), units_.begin(), units_.end());
        if (providers.empty()) return;
        std::vector<std::int64_t> load(providers.size(), 0);
        for (index_t k : all_compounds_) {
            if (!links_.chance(p_pairing_)) continue;
            std::size_t p = links_.below(providers.size());
            ++load[p];
            bool ends = links_.chance(p_ended_);
            index_t earlier = ends ? providers[links_.below(providers.size())] : no_index;
            dated_link(dates_, ends, providers[p], k, link_kind::pairing, earlier, k);
        }
        for (std::size_t p = 0; p < providers.size(); ++p)
            net_.set_capacity(providers[p], std::max<std::int64_t>(1, load[p] + links_.between(0, 2)));
    }

    void resources() {
        std::vector<index_t> providers(agencies_);
        providers.insert(providers.end(), units_.begin(), units_.end());
        for (index_t p : providers) {
            std::uint32_t taken = 0;
            for (std::int64_t n = res_.between(1, 3); n > 0; --n) {
                std::size_t r;
                do r = res_.below(resource_names.size()); while (taken & (1u << r));
                taken |= 1u << r;
                net_.add_offer(p, resource_names[r], static_cast<double>(res_.between(1, 10)));
            }
        }
        const auto& types = net_.organisations().compound_types;
        for (index_t k : all_compounds_) {
            if (!res_.chance(p_need_)) continue;
            const auto& pref = preferred_needs[static_cast<std::size_t>(types[k])];
            std::uint32_t taken = 0;
            for (std::int64_t n = res_.between(1, 3); n > 0; --n) {
                std::size_t r;
                bool preferred;
                do {
                    preferred = res_.below(4) != 0;
                    r = preferred ? pref[res_.below(pref.size())] : res_.below(resource_names.size());
                } while (taken & (1u << r));
                taken |= 1u << r;
                net_.add_need(k, resource_names[r], static_cast<int>(preferred ? res_.between(3, 5) : res_.between(1, 4)));
            }
        }
    }

    const city_options& o_;
    network net_;
    rng structure_, links_, dates_, people_, res_, contacts_;
    day_t first_, last_;
    std::uint64_t p_uncovered_, p_owners_, p_owners_old_, p_property_, p_old_property_, p_contact_, p_pairing_,
        p_extra_adjacent_, p_vacancy_, p_one_shoulder_, p_need_, p_ended_, p_tenth_, p_half_;
    std::array<std::int64_t, compound_type_count> type_weight_{};
    std::int64_t type_weight_sum_ = 0, size_den_ = 0, party_min_ = 0, party_max_ = 0;

    id_buffer id_, pid_;
    name_buffer name_;
    index_t district_ = no_index, alliance_ = no_index;
    std::vector<index_t> agencies_, streets_, units_, all_compounds_;
    std::uint64_t community_count_ = 0, compound_count_ = 0, building_count_ = 0, household_count_ = 0,
                  grid_count_ = 0, area_count_ = 0, group_count_ = 0, hood_count_ = 0, branch_count_ = 0,
                  committee_count_ = 0, company_count_ = 0, team_count_ = 0, person_count_ = 0;
    std::int64_t done_ = 0;
    double next_report_ = 0.0;
};

void check_share(double v, const char* what) {
    if (!std::isfinite(v) || v < 0 || v > 1)
        throw argument_error(std::string("city_options.") + what + " must be a share in [0, 1], got " + std::to_string(v));
}
void check_size(std::int64_t v, const char* what) {
    if (v < 1 || v > max_households)
        throw argument_error(std::string("city_options.") + what + " must be in 1.." + std::to_string(max_households) +
                             ", got " + std::to_string(v));
}

}  // namespace

void validate(const city_options& o) {
    if (o.households < 0 || o.households > max_households)
        throw argument_error("city_options.households must be in 0.." + std::to_string(max_households) + ", got " +
                             std::to_string(o.households));
    check_size(o.households_per_street, "households_per_street");
    check_size(o.households_per_community, "households_per_community");
    check_size(o.compound_min_households, "compound_min_households");
    check_size(o.compound_mean_households, "compound_mean_households");
    check_size(o.compound_max_households, "compound_max_households");
    if (o.compound_min_households > o.compound_mean_households || o.compound_mean_households > o.compound_max_households)
        throw argument_error("city_options: compound_min_households <= compound_mean_households <= "
                             "compound_max_households must hold");
    check_size(o.building_min_households, "building_min_households");
    check_size(o.building_max_households, "building_max_households");
    if (o.building_min_households > o.building_max_households)
        throw argument_error("city_options: building_min_households must not exceed building_max_households");
    check_size(o.households_per_grid, "households_per_grid");
    check_size(o.households_per_area, "households_per_area");
    check_size(o.households_per_group, "households_per_group");
    check_size(o.households_per_neighbourhood, "households_per_neighbourhood");
    check_share(o.share_old, "share_old");
    check_share(o.share_commercial, "share_commercial");
    check_share(o.share_work_unit, "share_work_unit");
    check_share(o.share_resettlement, "share_resettlement");
    if (std::llround(o.share_old * 10000) + std::llround(o.share_commercial * 10000) +
            std::llround(o.share_work_unit * 10000) + std::llround(o.share_resettlement * 10000) == 0)
        throw argument_error("city_options: at least one compound type share must be > 0 (at 1e-4 resolution)");
    check_share(o.party_share_min, "party_share_min");
    check_share(o.party_share_max, "party_share_max");
    if (o.party_share_min > o.party_share_max)
        throw argument_error("city_options: party_share_min must not exceed party_share_max");
    check_share(o.uncovered_share, "uncovered_share");
    check_share(o.owners_committee_share, "owners_committee_share");
    check_share(o.property_share, "property_share");
    check_share(o.old_property_share, "old_property_share");
    check_share(o.contact_share, "contact_share");
    check_share(o.pairing_share, "pairing_share");
    check_share(o.extra_adjacent_share, "extra_adjacent_share");
    check_share(o.vacancy_share, "vacancy_share");
    check_share(o.one_shoulder_share, "one_shoulder_share");
    check_share(o.need_share, "need_share");
    check_share(o.ended_share, "ended_share");
    if (o.agencies < 0 || o.agencies > 100000)
        throw argument_error("city_options.agencies must be in 0..100000, got " + std::to_string(o.agencies));
    if (o.units_per_250k_households < 0 || o.units_per_250k_households > 250000)
        throw argument_error("city_options.units_per_250k_households must be in 0..250000, got " +
                             std::to_string(o.units_per_250k_households));
    if (o.first_date.is_special() || o.last_date.is_special() || !(o.first_date < o.last_date))
        throw argument_error("city_options: first_date must be a date before last_date");
}

network city(const city_options& options) {
    validate(options);
    return builder(options).run();
}

}  // namespace furong::synth

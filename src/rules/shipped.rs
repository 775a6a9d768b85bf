//! The rule files shipped inside the binary, by their path in the source tree.
//!
//! A test (`tests/rules.rs`) fails if a `*.toml` file under `rules/` is missing here.

macro_rules! shipped {
    ($($path:literal),* $(,)?) => {
        /// `(path, text)` of every shipped rule file.
        pub(crate) const FILES: &[(&str, &str)] = &[
            $(($path, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $path))),)*
        ];
    };
}

shipped![
    "rules/roles.toml",
    "rules/roles-trade.toml",
    "rules/entities/autel.toml",
    "rules/entities/cn-uel-listed.toml",
    "rules/entities/cxmt.toml",
    "rules/entities/dahua.toml",
    "rules/entities/dji.toml",
    "rules/entities/dod-1260h.toml",
    "rules/entities/fcc-covered-carriers.toml",
    "rules/entities/hikvision.toml",
    "rules/entities/huawei.toml",
    "rules/entities/hytera.toml",
    "rules/entities/kaspersky.toml",
    "rules/entities/micron.toml",
    "rules/entities/smic.toml",
    "rules/entities/uflpa-listed.toml",
    "rules/entities/ymtc.toml",
    "rules/entities/zte.toml",
    "rules/au/2018-5g-security-guidance.toml",
    "rules/ca/ised-2022-huawei-zte.toml",
    "rules/cn/cac-2023-micron.toml",
    "rules/cn/mofcom-unreliable-entity-list.toml",
    "rules/de/bmi-2024-5g-huawei-zte.toml",
    "rules/eu/commission-2023-huawei-zte.toml",
    "rules/gb/cabinet-office-2022-surveillance-cameras.toml",
    "rules/gb/huawei-designated-vendor-direction.toml",
    "rules/in/dot-2021-trusted-sources.toml",
    "rules/se/pts-2020-licence-conditions.toml",
    "rules/us/asda-2023.toml",
    "rules/us/commerce-kaspersky-icts-2024.toml",
    "rules/us/dhs-bod-17-01.toml",
    "rules/us/fcc-covered-list.toml",
    "rules/us/fcc-covered-list-foreign-produced.toml",
    "rules/us/fcc-equipment-authorization.toml",
    "rules/us/fcc-usf-covered-companies.toml",
    "rules/us/ndaa-fy2018-1634.toml",
    "rules/us/ndaa-fy2019-889.toml",
    "rules/us/ndaa-fy2023-5949.toml",
    "rules/us/ndaa-fy2024-805.toml",
    "rules/us/uflpa-entity-list.toml",
];

/// `(path, text)` of the shipped rules' `pack.toml`.
pub(crate) const PACK: (&str, &str) = (
    "rules/pack.toml",
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/pack.toml")),
);

/// Is this file (name and text) one of the shipped ones? Messages then name it as "shipped
/// rules", since a user of the binary does not have the file.
pub(crate) fn is_shipped(name: &str, text: &str) -> bool {
    FILES.iter().any(|(n, t)| *n == name && *t == text)
}

package store

import "warta/internal/model"

// adFields are the stored settings of the site's advertising (model.Ads):
// the origins, the analytics script and each slot's fields under
// "ad_<slot>_<field>".
func adFields() []settingField {
	fields := []settingField{
		{key: "ad_origins", str: func(s *model.Settings) *string { return &s.Ads.Origins }},
		{key: "ad_analytics", str: func(s *model.Settings) *string { return &s.Ads.Analytics }},
	}
	for _, name := range model.AdSlotNames {
		slot := func(s *model.Settings) *model.AdSlot { return s.Ads.Slot(name) }
		key := func(f string) string { return "ad_" + name + "_" + f }
		fields = append(fields,
			settingField{key: key("kind"), str: func(s *model.Settings) *string { return &slot(s).Kind }},
			settingField{key: key("size"), str: func(s *model.Settings) *string { return &slot(s).Size }},
			settingField{key: key("phone_size"), str: func(s *model.Settings) *string { return &slot(s).PhoneSize }},
			settingField{key: key("src"), str: func(s *model.Settings) *string { return &slot(s).Src }},
			settingField{key: key("link"), str: func(s *model.Settings) *string { return &slot(s).Link }},
			settingField{key: key("alt"), str: func(s *model.Settings) *string { return &slot(s).Alt }},
			settingField{key: key("after"), num: func(s *model.Settings) *int { return &slot(s).After }},
		)
	}
	return fields
}

func init() { settingFields = append(settingFields, adFields()...) }

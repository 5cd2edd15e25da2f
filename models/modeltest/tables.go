package modeltest

import "techmarket/models"

// Tables lists every GORM model that has a table, for the schema checks.
var Tables = []any{
	&models.Organization{}, &models.Site{}, &models.Article{}, &models.User{}, &models.RefreshToken{}, &models.AuditLog{},
	&models.Achievement{}, &models.Need{}, &models.OutboxEvent{}, &models.Notification{},
	&models.Match{}, &models.MatchNote{}, &models.Deal{}, &models.SavedSearch{},
	&models.SavedSearchHit{}, &models.ConsumerCursor{}, &models.Auction{}, &models.Lot{}, &models.Bid{},
	&models.Admission{}, &models.Offer{}, &models.Notice{}, &models.Objection{}, &models.Roadshow{},
	&models.RoadshowSlot{}, &models.RoadshowSeat{}, &models.Intent{}, &models.Contract{},
	&models.RegistrationSequence{}, &models.Target{}, &models.IncentiveRule{}, &models.IncentiveExclusion{}, &models.IncentiveApplication{}, &models.TurnoverRollup{},
	&models.Amendment{}, &models.Challenge{}, &models.ChallengeReviewer{}, &models.Proposal{},
	&models.ProposalFile{}, &models.ProposalScore{}, &models.ListingConfidential{},
	&models.AccessRequest{}, &models.Feedback{}, &models.FeedbackReason{}, &models.ListingReport{}, &models.Favourite{}, &models.Interest{},
	&models.AchievementSale{}, &models.OfferRegistration{}, &models.TechnologyBroker{}, &models.TransferInstitution{}, &models.RegionUnit{},
	&models.Blob{}, &models.ListingAttachment{},
}

package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Favourite is a user's star (收藏) on a listing of another organisation.
// The title is the one the listing had when starred: once the listing leaves
// publication, 我的收藏 names it by that and links nowhere.
type Favourite struct {
	ID           int64     `gorm:"primaryKey" json:"id"`
	Kind         string    `gorm:"size:20;not null" json:"kind"`
	ListingID    int64     `gorm:"not null" json:"listing_id"`
	ListingTitle string    `gorm:"type:text;not null" json:"title"`
	UserID       int64     `gorm:"not null" json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	// Available says the listing is still published; only then do the
	// organisation's name and a link to the listing go with it.
	Available bool   `gorm:"-" json:"available"`
	OrgName   string `gorm:"-" json:"org_name"`
}

// Starred is the answer to a star or unstar: where the caller now stands.
type Starred struct {
	Favourited bool     `json:"favourited"`
	Actions    []string `json:"actions"`
}

// Favourite stars a published listing of another organisation for the
// actor; starring it again changes nothing.
func (ls Listings[T, P]) Favourite(ctx context.Context, actor Actor, id int64) (*Starred, error) {
	db := ls.m.db.WithContext(ctx)
	item, err := ls.fromOutside(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	// Judged as if not starred yet: starring twice is not an error.
	if err := checkListingAct(actor, item, ActFavourite, listingFacts{now: ls.m.now()}); err != nil {
		return nil, err
	}
	fav := &Favourite{Kind: item.Kind(), ListingID: id, ListingTitle: item.base().Title, UserID: actor.UserID}
	err = db.Transaction(func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Favourite{}).Where("user_id = ? AND kind = ? AND listing_id = ?", actor.UserID, fav.Kind, id).Count(&n).Error; err != nil || n > 0 {
			return err
		}
		return tx.Create(fav).Error
	})
	if isUniqueViolation(err) {
		err = nil // starred at the same moment by another request of the user
	}
	if err != nil {
		return nil, err
	}
	return ls.starred(ctx, actor, item)
}

// Unfavourite removes the actor's star from a listing, whatever its state
// now; removing a star that is not there changes nothing.
func (ls Listings[T, P]) Unfavourite(ctx context.Context, actor Actor, id int64) (*Starred, error) {
	db := ls.m.db.WithContext(ctx)
	if !actor.LoggedIn() {
		return nil, ErrUnauthenticated
	}
	item := P(new(T))
	if err := db.Where("user_id = ? AND kind = ? AND listing_id = ?", actor.UserID, item.Kind(), id).Delete(&Favourite{}).Error; err != nil {
		return nil, err
	}
	if err := db.First(item, id).Error; err != nil || !actor.mayView(item.base()) {
		return &Starred{Actions: []string{}}, nil
	}
	return ls.starred(ctx, actor, item)
}

func (ls Listings[T, P]) starred(ctx context.Context, actor Actor, item P) (*Starred, error) {
	db := ls.m.db.WithContext(ctx)
	l := item.base()
	facts, err := listingFactsOf(db, actor, item.Kind(), []int64{l.ID}, ls.m.now())
	if err != nil {
		return nil, err
	}
	return &Starred{Favourited: facts[l.ID].favourited, Actions: listingActions(actor, item, facts[l.ID])}, nil
}

// MyFavourites lists the actor's stars, newest first. A listing no longer
// published comes with its old title only, as unavailable (已下架).
func (m *Market) MyFavourites(ctx context.Context, actor Actor, p Page) ([]Favourite, int64, error) {
	db := m.db.WithContext(ctx)
	q := db.Model(&Favourite{}).Where("user_id = ?", actor.UserID)
	out, total, err := findPage[Favourite](q, "id DESC", p)
	if err != nil {
		return nil, 0, err
	}
	ids := map[string][]int64{}
	for _, f := range out {
		ids[f.Kind] = append(ids[f.Kind], f.ListingID)
	}
	type row struct {
		ID    int64
		OrgID int64
	}
	live := map[string]map[int64]int64{}
	var orgIDs []int64
	for kind, list := range ids {
		var rows []row
		if err := db.Table(listingTable(kind)).Select("id", "org_id").Where("id IN ? AND status = ?", list, StatusPublished).Scan(&rows).Error; err != nil {
			return nil, 0, err
		}
		live[kind] = map[int64]int64{}
		for _, r := range rows {
			live[kind][r.ID] = r.OrgID
			orgIDs = append(orgIDs, r.OrgID)
		}
	}
	names, err := orgNameMap(db, orgIDs)
	if err != nil {
		return nil, 0, err
	}
	for i := range out {
		if org, ok := live[out[i].Kind][out[i].ListingID]; ok {
			out[i].Available, out[i].OrgName = true, names[org]
		}
	}
	return out, total, nil
}

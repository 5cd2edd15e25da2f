package app

import (
	"fmt"
	"image/color"

	"techmarket/models"
)

// attachmentTries are the security tries of the attachment routes of both
// kinds: only the owning organisation's active members of the owning role
// change them, while the listing is editable; a confidential file reaches
// only those who may read the confidential detail.
func attachmentTries() []try {
	var out []try
	for _, k := range []struct {
		kind             string
		side             side
		draft, published func(w *world) int64
		owner            func(w *world) *account
	}{
		{"achievements", sideU, (*world).achDraft, (*world).achPublished, func(w *world) *account { return w.uOwner }},
		{"needs", sideE, (*world).needDraft, (*world).needPublished, func(w *world) *account { return w.eOwner }},
	} {
		base := "/api/v1/" + k.kind + "/:id/attachments"
		// attached makes a listing (draft or published) with one attachment
		// of the visibility, and answers the attachment's address.
		attached := func(published bool, visibility string) func(w *world) string {
			return func(w *world) string {
				id := k.draft(w)
				files := fmt.Sprintf("/api/v1/%s/%d/attachments", k.kind, id)
				img := pngOf(40, 30, color.RGBA{uint8(w.next()), 80, 160, 255})
				a := decoded[models.ListingAttachment](w.t, w.m.must(201, w.m.uploadForm(files, k.owner(w).Token, "图.png", img, map[string]string{"visibility": visibility})))
				if published {
					w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/%s/%d/submit", k.kind, id), k.owner(w).Token, nil))
					w.m.must(200, w.m.do("POST", fmt.Sprintf("/api/v1/%s/%d/approve", k.kind, id), w.admin.Token, nil))
				}
				return fmt.Sprintf("%s/%d", files, a.ID)
			}
		}
		draftFiles := func(w *world) string { return fmt.Sprintf("/api/v1/%s/%d/attachments", k.kind, k.draft(w)) }
		out = append(out,
			try{route: "GET " + base, side: k.side, setup: func(w *world) (string, any) {
				return fmt.Sprintf("/api/v1/%s/%d/attachments", k.kind, k.published(w)), nil
			}, want: everyone},
			try{route: "GET " + base + " (draft)", side: k.side, setup: func(w *world) (string, any) { return draftFiles(w), nil },
				want: "404 200 404 404 404 404 404 404"},
			try{route: "POST " + base, side: k.side, setup: func(w *world) (string, any) {
				return draftFiles(w), form{map[string]string{"category": "test_report"}, "报告.pdf", []byte(fmt.Sprintf("%%PDF-1.4 report %d", w.next()))}
			}, want: "401 201 403 404 403 403 403 404"},
			try{route: "POST /api/v1/" + k.kind + "/:id/videos", side: k.side, setup: func(w *world) (string, any) {
				return fmt.Sprintf("/api/v1/%s/%d/videos", k.kind, k.draft(w)), map[string]any{"url": "https://v.example.cn/demo"}
			}, want: "401 201 403 404 403 403 403 404"},
			try{route: "PATCH " + base + "/:file", side: k.side, setup: func(w *world) (string, any) {
				return attached(false, "public")(w), map[string]any{"visibility": "confidential"}
			}, want: "401 200 403 404 403 403 403 404"},
			try{route: "DELETE " + base + "/:file", side: k.side, setup: func(w *world) (string, any) { return attached(false, "public")(w), nil },
				want: "401 204 403 404 403 403 403 404"},
			try{route: "GET " + base + "/:file/content", side: k.side, setup: func(w *world) (string, any) { return attached(true, "public")(w) + "/content", nil },
				want: everyone},
			try{route: "GET " + base + "/:file/content (confidential)", side: k.side, setup: func(w *world) (string, any) {
				return attached(true, "confidential")(w) + "/content", nil
			}, want: "404 200 404 404 404 404 404 200"},
			try{route: "GET " + base + "/:file/content (draft)", side: k.side, setup: func(w *world) (string, any) { return attached(false, "public")(w) + "/content", nil },
				want: "404 200 404 404 404 404 404 404"},
			try{route: "GET " + base + "/:file/thumb", side: k.side, setup: func(w *world) (string, any) { return attached(true, "public")(w) + "/thumb", nil },
				want: everyone},
			try{route: "GET " + base + "/:file/thumb (confidential)", side: k.side, setup: func(w *world) (string, any) {
				return attached(true, "confidential")(w) + "/thumb", nil
			}, want: "404 200 404 404 404 404 404 200"},
		)
	}
	return out
}

package app

import (
	"context"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"techmarket/models"
)

// Most handlers do the same four things: read the resource's :id, decode
// the body (or take the query the route declares), ask the market as the
// caller, answer with what it said. Those are written once, here, and a
// route names the model method it calls (handler: byID(s.market.GetNotice),
// listed(s.market.MyFavourites)); a handler of its own is left for what
// does more (files, streams, several calls).

// byID answers with what ask says about the resource at :id, with the
// status already set: 200, or what a handler that shows the resource after
// its own act set (assignReviewer's 201).
func byID[Out any](ask func(ctx context.Context, a models.Actor, id int64) (Out, error)) fiber.Handler {
	return byIDAnswering(0, ask)
}

// createdByID takes an act without a body on the resource at :id that
// creates something under it (an application, a registration) and answers
// 201 with it.
func createdByID[Out any](act func(ctx context.Context, a models.Actor, id int64) (Out, error)) fiber.Handler {
	return byIDAnswering(http.StatusCreated, act)
}

// byIDAnswering is byID answering with status (0: the status already set).
func byIDAnswering[Out any](status int, ask func(ctx context.Context, a models.Actor, id int64) (Out, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		out, err := ask(c.UserContext(), actorOf(c), id)
		if err != nil {
			return err
		}
		if status != 0 {
			c.Status(status)
		}
		return c.JSON(out)
	}
}

// listed answers a page of what ask finds for the route's query parameters
// (a type that embeds models.Page, named as the route's query).
func listed[Q interface{ Paged() models.Page }, T any](ask func(ctx context.Context, a models.Actor, q Q) ([]T, int64, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		q := queryOf[Q](c)
		out, total, err := ask(c.UserContext(), actorOf(c), q)
		if err != nil {
			return err
		}
		return list(c, out, total, q.Paged())
	}
}

// allByID answers with all that ask lists under the resource at :id, and
// how many ({items, total}).
func allByID[T any](ask func(ctx context.Context, a models.Actor, id int64) ([]T, error)) fiber.Handler {
	return byID(func(ctx context.Context, a models.Actor, id int64) (listOf[T], error) {
		out, err := ask(ctx, a, id)
		return all(out), err
	})
}

// itemsByID answers with what ask lists under the resource at :id ({items}).
func itemsByID[T any](ask func(ctx context.Context, a models.Actor, id int64) ([]T, error)) fiber.Handler {
	return byID(func(ctx context.Context, a models.Actor, id int64) (itemsOf[T], error) {
		out, err := ask(ctx, a, id)
		return onlyItems(out), err
	})
}

// byIDWith decodes the body, hands it to act on the resource at :id and
// answers with status (201 when act creates something under it).
func byIDWith[In, Out any](status int, act func(ctx context.Context, a models.Actor, id int64, in In) (Out, error)) fiber.Handler {
	return byIDRead(status, decode, act)
}

// byIDOptional is byIDWith for a route whose body may be left out (in:
// optional(…)): a bare POST hands act the zero In, no reason or note.
func byIDOptional[In, Out any](act func(ctx context.Context, a models.Actor, id int64, in In) (Out, error)) fiber.Handler {
	return byIDRead(http.StatusOK, decodeOptional, act)
}

func byIDRead[In, Out any](status int, read func(*fiber.Ctx, any) error, act func(ctx context.Context, a models.Actor, id int64, in In) (Out, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, in, err := idAndBody[In](c, read)
		if err != nil {
			return err
		}
		out, err := act(c.UserContext(), actorOf(c), id, in)
		if err != nil {
			return err
		}
		return c.Status(status).JSON(out)
	}
}

// idAndBody reads the resource's :id, then the body with read (decode or
// decodeOptional).
func idAndBody[In any](c *fiber.Ctx, read func(*fiber.Ctx, any) error) (int64, In, error) {
	var in In
	id, err := idParam(c, "id")
	if err == nil {
		err = read(c, &in)
	}
	return id, in, err
}

// decodeOptional decodes the body when there is one; without one, v keeps
// its defaults.
func decodeOptional(c *fiber.Ctx, v any) error {
	if len(c.Body()) == 0 {
		return nil
	}
	return decode(c, v)
}

// withBody decodes the body, hands it to act and answers with status.
func withBody[In, Out any](status int, act func(ctx context.Context, a models.Actor, in In) (Out, error)) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var in In
		if err := decode(c, &in); err != nil {
			return err
		}
		out, err := act(c.UserContext(), actorOf(c), in)
		if err != nil {
			return err
		}
		return c.Status(status).JSON(out)
	}
}

// thenShow acts on the resource at :id, then answers with show's view of
// it: the page gets the resource as it is now, its actions included, not
// what the act returned.
func thenShow[Out any](act func(ctx context.Context, a models.Actor, id int64) (Out, error), show fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		if _, err := act(c.UserContext(), actorOf(c), id); err != nil {
			return err
		}
		return show(c)
	}
}

// thenShowWith is thenShow for an act that takes the body.
func thenShowWith[In, Out any](act func(ctx context.Context, a models.Actor, id int64, in In) (Out, error), show fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, in, err := idAndBody[In](c, decode)
		if err != nil {
			return err
		}
		if _, err := act(c.UserContext(), actorOf(c), id, in); err != nil {
			return err
		}
		return show(c)
	}
}

// reason lets an act that takes a reason (驳回理由, 异议理由 …) read it from
// a {"reason": …} body.
func reason[Out any](act func(ctx context.Context, a models.Actor, id int64, reason string) (Out, error)) func(context.Context, models.Actor, int64, reasonBody) (Out, error) {
	return func(ctx context.Context, a models.Actor, id int64, in reasonBody) (Out, error) {
		return act(ctx, a, id, in.Reason)
	}
}

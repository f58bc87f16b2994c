-- The drinks catalogue SipEat launches with. Prices are integer cents; premium drinks are priced
-- with their surcharge included so the payment step never computes money on the fly.
INSERT INTO drinks (id, name, price_cents, premium) VALUES
  ('espresso', 'Espresso', 180, false),
  ('cappuccino', 'Cappuccino', 250, false),
  ('latte', 'Caffè Latte', 270, false),
  ('hot-chocolate', 'Hot Chocolate', 230, false),
  ('green-tea', 'Green Tea', 190, false),
  ('orange-juice', 'Orange Juice', 300, false),
  ('matcha-latte', 'Matcha Latte', 420, true),
  ('cold-brew', 'Nitro Cold Brew', 450, true)
ON CONFLICT (id) DO NOTHING;

"""Who is named and quoted: entities, attribution of quotes, framing."""

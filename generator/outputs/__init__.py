"""What the site publishes: pages, calendars, open data, news feeds."""

-- users
INSERT INTO `users` (`id`, `email`, `password`) VALUES (1, 'ops@acme.io', '$2y$10${{rand:./A-Za-z0-9:53}}');

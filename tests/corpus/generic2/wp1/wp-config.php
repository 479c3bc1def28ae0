<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wp_app' );
define( 'DB_PASSWORD', 'Summertime{{rand:digit:2}}' );
define( 'DB_HOST', 'localhost' );
define( 'AUTH_KEY', '{{rand:A-Za-z0-9!@#%^&*()[]<>~+=.;|/?:64}}' );
define( 'SECURE_AUTH_KEY', '{{rand:A-Za-z0-9!@#%^&*()[]<>~+=.;|/?:64}}' );
define( 'LOGGED_IN_KEY', '{{rand:A-Za-z0-9!@#%^&*()[]<>~+=.;|/?:64}}' );
define( 'NONCE_KEY', '{{rand:A-Za-z0-9!@#%^&*()[]<>~+=.;|/?:64}}' );
define( 'AUTH_SALT', '{{rand:A-Za-z0-9!@#%^&*()[]<>~+=.;|/?:64}}' );
define( 'SECURE_AUTH_SALT', '{{rand:A-Za-z0-9!@#%^&*()[]<>~+=.;|/?:64}}' );
define( 'LOGGED_IN_SALT', '{{rand:A-Za-z0-9!@#%^&*()[]<>~+=.;|/?:64}}' );
define( 'NONCE_SALT', '{{rand:A-Za-z0-9!@#%^&*()[]<>~+=.;|/?:64}}' );
$table_prefix = 'wp_';
define( 'WP_DEBUG', false );

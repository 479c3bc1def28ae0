<?php
define( 'DB_PASSWORD', getenv('DB_PASSWORD') );
define( 'AUTH_KEY', getenv('AUTH_KEY') );
define( 'DB_CHARSET', 'utf8mb4' );

CONN = "DRIVER={ODBC Driver 18 for SQL Server};SERVER=sql01;UID=etl;PWD=Bluefalcon{{rand:digit:2}}"

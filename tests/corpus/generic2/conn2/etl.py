CONN = "DRIVER={ODBC Driver 18 for SQL Server};SERVER=sql01;UID=etl;PWD=Acmecorp{{rand:digit:4}}"

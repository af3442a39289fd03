import ProdCore
